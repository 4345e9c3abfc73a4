// The kiosk's checks on a command before anything runs: it names this kiosk, it has not
// expired, it is signed by the hub key this kiosk pinned, and the signature covers exactly
// these fields. The first failing check is the reason given back (typed, see protocol).
import { createPublicKey, verify } from 'node:crypto';
import { commandSigningText, type CommandKey, type CommandRefusal, type SignedCommand } from '../../../../protocol/fleet-commands.js';

export type Verdict = { ok: true } | { ok: false; reason: Extract<CommandRefusal, 'bad-signature' | 'unknown-key' | 'wrong-kiosk' | 'expired'> };

export function signatureValid(command: SignedCommand, key: CommandKey): boolean {
  try {
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    const { signature, ...unsigned } = command;
    return verify(null, Buffer.from(commandSigningText(unsigned), 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export function verifyCommand(command: SignedCommand, context: { kioskId: string; key: CommandKey | null; now: number }): Verdict {
  if (!context.key || context.key.keyId !== command.keyId) return { ok: false, reason: 'unknown-key' };
  // Signature before the other fields: an unsigned claim about kiosk or expiry is worth nothing.
  if (!signatureValid(command, context.key)) return { ok: false, reason: 'bad-signature' };
  if (command.kioskId !== context.kioskId) return { ok: false, reason: 'wrong-kiosk' };
  if (Date.parse(command.expiresAt) <= context.now) return { ok: false, reason: 'expired' };
  return { ok: true };
}
