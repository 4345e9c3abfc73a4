// Opaque staff session tokens: 256 random bits, base64url (valid in a WebSocket subprotocol
// name). Only the SHA-256 is stored, so a leaked table does not yield working tokens.
import { createHash, randomBytes } from 'node:crypto';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
