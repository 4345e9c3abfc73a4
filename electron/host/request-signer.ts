// Signs the kiosk's requests to the hub (scheme in hub/api/kiosk-auth.ts). Pure apart from
// node:crypto: the caller passes the exact body bytes it will send, and may pass the clock
// and nonce, so a test can pin every header.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { canonicalRequest, KIOSK_AUTH_HEADERS, type KioskCredentials } from '../../protocol/kiosk-auth.js';

export type KioskAuthHeaders = Record<(typeof KIOSK_AUTH_HEADERS)[keyof typeof KIOSK_AUTH_HEADERS], string>;

export interface SignRequestInput {
  method: string;
  /** Absolute URL as passed to fetch; its path and query are signed. */
  url: string | URL;
  /** Exactly the body that will be sent (the same string given to fetch); none for GET. */
  body?: string | Uint8Array | null;
  credentials: Pick<KioskCredentials, 'kioskId' | 'privateKeyPem'>;
  /**
   * The credentials' key already imported. Only for a process that signs for many kiosks (the
   * capacity benchmark's simulated fleet), where re-parsing a PEM per request would cost ten
   * times the signature; a kiosk has one key, which the last-key cache below keeps.
   */
  privateKey?: KeyObject;
  /** Unix milliseconds; defaults to the clock. */
  now?: number;
  /** Defaults to 16 fresh random bytes. Never reuse one: the hub refuses replays. */
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

// Parsing PEM costs more than signing; a kiosk has one key, so remember the last one.
let lastKey: { pem: string; key: KeyObject } | null = null;
function privateKey(pem: string): KeyObject {
  if (lastKey?.pem !== pem) lastKey = { pem, key: createPrivateKey(pem) };
  return lastKey.key;
}

/** Headers to add to the request; the body must go out byte for byte as signed. */
export function signRequest(input: SignRequestInput): KioskAuthHeaders {
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const timestamp = String(Math.trunc(input.now ?? Date.now()));
  const nonce = input.nonce ?? newNonce();
  const body = input.body ?? '';
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  const message = canonicalRequest({
    method: input.method,
    // `URL` serialises path and query the way fetch puts them on the wire.
    pathAndQuery: `${url.pathname}${url.search}`,
    kioskId: input.credentials.kioskId,
    timestamp,
    nonce,
    bodySha256,
  });
  const signature = sign(null, Buffer.from(message, 'utf8'), input.privateKey ?? privateKey(input.credentials.privateKeyPem)).toString('base64url');
  return {
    [KIOSK_AUTH_HEADERS.kioskId]: input.credentials.kioskId,
    [KIOSK_AUTH_HEADERS.timestamp]: timestamp,
    [KIOSK_AUTH_HEADERS.nonce]: nonce,
    [KIOSK_AUTH_HEADERS.signature]: signature,
  };
}

/** A new Ed25519 key pair: the public half (base64url raw) goes to the hub at enrollment. */
export function generateKioskKeyPair(): { publicKey: string; privateKeyPem: string } {
  const { publicKey, privateKey: key } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  if (!x) throw new Error('Ed25519 public key without x');
  return { publicKey: x, privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString() };
}
