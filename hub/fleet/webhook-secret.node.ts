// The alert webhook's secret at rest. The hub signs every delivery with it, so it must be read
// back in clear (no hash will do): it is sealed with AES-256-GCM under the hub secret key, as
// staff TOTP secrets are (hub/auth/hub-secret-box.node.ts). Stored form:
//   enc1:<key id>:<96-bit nonce, base64url>:<ciphertext and 128-bit tag, base64url>
// The associated data names the purpose, so a sealed TOTP secret copied here does not open.
import { openWithHubKey, sealWithHubKey, SecretBoxError } from '../auth/hub-secret-box.node.js';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';

const AAD = 'alert-webhook\u0000secret';

export class WebhookSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSecretError';
  }
}

export function sealWebhookSecret(key: HubSecretKey, secret: string): string {
  return sealWithHubKey(key, AAD, secret);
}

export function openWebhookSecret(key: HubSecretKey, stored: string): string {
  try {
    return openWithHubKey(key, AAD, stored).toString('utf8');
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    if (error.failure === 'not-sealed') throw new WebhookSecretError('the stored webhook secret is not sealed');
    if (error.failure === 'other-key') throw new WebhookSecretError(`the webhook secret is sealed with hub secret key ${error.kid}, this hub has ${key.kid}: give every hub instance the same HUB_SECRET_KEY, or save the webhook again`);
    throw new WebhookSecretError('the stored webhook secret does not open (altered)');
  }
}
