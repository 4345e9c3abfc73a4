// Short-lived TURN credentials in the scheme coturn calls "TURN REST API"
// (`--use-auth-secret --static-auth-secret=…`): the hub and the TURN server share a secret;
// the username carries its own expiry, and the password is an HMAC the TURN server can
// recompute, so no per-call state is exchanged between them.
//   username = "<expiry unix seconds>:<party id>"
//   password = base64(HMAC-SHA1(secret, username))
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../../protocol/assist-values.js';

export interface TurnConfig {
  /** `turn:`/`turns:` URLs get credentials; `stun:` URLs are passed on as they are. */
  urls: readonly string[];
  /** Without a secret the hub hands out only the STUN URLs: calls work on open networks only. */
  secret?: string | undefined;
  /**
   * Lifetime of a credential. The TURN server checks it on every refresh of an allocation,
   * so it must outlast the longest call; a resumed call gets fresh credentials.
   */
  ttlSec: number;
}

export interface TurnCredential {
  username: string;
  credential: string;
  expiresAt: number;
}

export function turnCredential(secret: string, partyId: string, ttlSec: number, nowMs: number): TurnCredential {
  if (partyId.includes(':')) throw new Error('TURN party id must not contain ":"');
  const expiresAt = Math.floor(nowMs / 1000) + Math.max(1, Math.round(ttlSec));
  const username = `${expiresAt}:${partyId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}

export function iceServersFor(config: TurnConfig, partyId: string, nowMs: number): IceServer[] {
  const stun = config.urls.filter((url) => url.startsWith('stun:'));
  const turn = config.urls.filter((url) => url.startsWith('turn:') || url.startsWith('turns:'));
  const servers: IceServer[] = [];
  if (stun.length > 0) servers.push({ urls: stun });
  if (turn.length > 0 && config.secret) {
    const { username, credential } = turnCredential(config.secret, partyId, config.ttlSec, nowMs);
    servers.push({ urls: turn, username, credential });
  }
  return servers;
}
