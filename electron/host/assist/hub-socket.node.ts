// One signaling WebSocket from the kiosk host to the hub (`/v1/assist/ws`): the upgrade is
// signed with the kiosk's enrolled key like any kiosk request (GET, empty body) and offers
// the assist subprotocol. Every frame from the hub is checked against the protocol schema
// before anyone sees it; every frame to the hub is checked before it leaves. A socket that
// hears nothing (not even the hub's pings) for a few heartbeats is treated as dead.
import WebSocket from 'ws';
import { ASSIST_LIMITS, ASSIST_PATHS, ASSIST_PROTOCOL, kioskInboundSchema, kioskMessageSchema, type KioskInbound, type KioskMessage } from '../../../protocol/assist-signaling.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';

export interface HubSocket {
  /** False when the socket is not open (the message is dropped). */
  send(message: KioskMessage): boolean;
  close(): void;
}

export interface HubSocketOptions {
  hubUrl: string;
  kioskId: string;
  sign: HubRequestSigner | null;
  log: HostLogger;
  openTimeoutMs: number;
  onMessage(message: KioskInbound): void;
  /** Not called for a close this side asked for. */
  onClose(info: { code: number; reason: string }): void;
}

export type OpenHubSocket = (opts: HubSocketOptions) => Promise<HubSocket>;

/** ws(s)://hub/v1/assist/ws?kioskId=… — the query lets a lab hub with authentication off know the kiosk. */
export function assistSocketUrl(hubUrl: string, kioskId: string): string {
  // Appended like the sync engine's paths, so a hub behind a path prefix works too.
  const url = new URL(`${hubUrl.replace(/\/+$/, '')}${ASSIST_PATHS.socket}`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('kioskId', kioskId);
  return url.toString();
}

export const openHubSocket: OpenHubSocket = async (opts) => {
  const url = assistSocketUrl(opts.hubUrl, opts.kioskId);
  const headers = opts.sign ? await opts.sign('GET', url, '') : {};
  const ws = new WebSocket(url, [ASSIST_PROTOCOL], { headers, handshakeTimeout: opts.openTimeoutMs, maxPayload: ASSIST_LIMITS.maxMessageBytes * 4 });
  let closedByUs = false;
  let silence: ReturnType<typeof setTimeout> | undefined;
  const deadAfterMs = (heartbeatSec: number) => heartbeatSec * 2_500;
  let heartbeatSec: number = ASSIST_LIMITS.heartbeatSec;
  const heard = () => {
    clearTimeout(silence);
    silence = setTimeout(() => {
      opts.log.warn({ silentMs: deadAfterMs(heartbeatSec) }, 'assist: hub socket silent, dropping it');
      ws.terminate();
    }, deadAfterMs(heartbeatSec));
  };

  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`hub refused the assist socket: HTTP ${res.statusCode ?? '?'}`)));
    ws.once('error', reject);
  }).catch((err: unknown) => {
    ws.terminate();
    throw err;
  });
  heard();
  ws.on('error', (err) => opts.log.warn({ err: err.message }, 'assist: hub socket error'));
  ws.on('ping', heard);
  ws.on('message', (data, isBinary) => {
    heard();
    if (isBinary) return;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    } catch {
      opts.log.warn('assist: hub sent a frame that is not JSON; dropped');
      return;
    }
    const parsed = kioskInboundSchema.safeParse(value);
    if (!parsed.success) {
      const type = typeof value === 'object' && value !== null && 'type' in value ? String((value as { type: unknown }).type).slice(0, 40) : '?';
      opts.log.warn({ type }, 'assist: hub message failed the protocol schema; dropped');
      return;
    }
    if (parsed.data.type === 'hello') heartbeatSec = parsed.data.heartbeatSec;
    opts.onMessage(parsed.data);
  });
  ws.on('close', (code, reason) => {
    clearTimeout(silence);
    if (!closedByUs) opts.onClose({ code, reason: reason.toString('utf8') });
  });

  return {
    send(message) {
      if (ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(kioskMessageSchema.parse(message)));
      return true;
    },
    close() {
      closedByUs = true;
      clearTimeout(silence);
      ws.close(1000, 'kiosk closed');
    },
  };
};
