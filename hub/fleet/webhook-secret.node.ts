// The alert webhook's secret at rest. The hub signs every delivery with it, so it must be read
// back in clear (no hash will do): it is sealed with AES-256-GCM under the hub secret key, as
// staff TOTP secrets are (hub/assist/staff/totp-secret-box.node.ts). Stored form:
//   enc1:<key id>:<96-bit nonce, base64url>:<ciphertext and 128-bit tag, base64url>
// The associated data names the purpose, so a sealed TOTP secret copied here does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';

const PREFIX = 'enc1';
const TAG_BYTES = 16;
const AAD = Buffer.from('alert-webhook\u0000secret', 'utf8');

export class WebhookSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSecretError';
  }
}

export function sealWebhookSecret(key: HubSecretKey, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(AAD);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [PREFIX, key.kid, iv.toString('base64url'), sealed.toString('base64url')].join(':');
}

export function openWebhookSecret(key: HubSecretKey, stored: string): string {
  const [prefix, kid, iv, sealed, ...rest] = stored.split(':');
  if (prefix !== PREFIX || !kid || !iv || !sealed || rest.length > 0) throw new WebhookSecretError('the stored webhook secret is not sealed');
  if (kid !== key.kid) throw new WebhookSecretError(`the webhook secret is sealed with hub secret key ${kid}, this hub has ${key.kid}: give every hub instance the same HUB_SECRET_KEY, or save the webhook again`);
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(AAD);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // No detail: nothing of the secret may reach a log.
    throw new WebhookSecretError('the stored webhook secret does not open (altered)');
  }
}
