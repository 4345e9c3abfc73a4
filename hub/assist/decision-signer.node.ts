// Signs remote-authorization decisions with HMAC-SHA256 over their fields in a fixed order,
// so an audit can tell a decision the hub recorded from a row edited later. The key comes
// from HUB_DECISION_SECRET; without it a random per-process key still signs, but signatures
// then cannot be checked after a restart (the hub logs a warning).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DecisionFields } from './signaling/assist-context.js';

const FIELD_ORDER: readonly (keyof DecisionFields)[] = ['decisionId', 'sessionId', 'authRequestId', 'kioskId', 'staffId', 'action', 'decision', 'decidedAt'];

function canonical(fields: DecisionFields): string {
  return FIELD_ORDER.map((key) => `${key}=${fields[key]}`).join('\n');
}

export interface DecisionSigner {
  sign(fields: DecisionFields): string;
  verify(fields: DecisionFields, signature: string): boolean;
  /** False when the key is random, i.e. signatures die with this process. */
  readonly durable: boolean;
}

export function decisionSigner(secret?: string): DecisionSigner {
  const key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  const sign = (fields: DecisionFields) => createHmac('sha256', key).update(canonical(fields)).digest('base64url');
  return {
    sign,
    verify: (fields, signature) => {
      const expected = Buffer.from(sign(fields));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
    durable: secret !== undefined && secret !== '',
  };
}
