// Per-field AES-256-GCM for the sensitive fields of an outbox payload (DESIGN §5). Each field
// gets its own random 96-bit nonce; the key id travels with it so rows written before a key
// rotation still open; the transaction id and field path are bound in as associated data, so
// a ciphertext copied to another row or field fails to open instead of reading as valid.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface FieldKey {
  /** Short public name of the key: derived from the key, never the key itself. */
  kid: string;
  key: Buffer;
}

/** Where keys come from: Electron safeStorage, a 0600 key file, or an env var. */
export interface KeyProvider {
  /** The key new fields are encrypted with. */
  current(): Promise<FieldKey>;
  /** A key by id, for fields written earlier; null when this kiosk no longer has it. */
  byId(kid: string): Promise<Buffer | null>;
}

export const keyIdOf = (key: Buffer): string => createHash('sha256').update('branch-kiosk field key').update(key).digest('hex').slice(0, 16);

export function fieldKey(key: Buffer): FieldKey {
  if (key.length !== 32) throw new Error(`field key must be 32 bytes (AES-256), got ${key.length}`);
  return { kid: keyIdOf(key), key };
}

export interface EncryptedField {
  $enc: 'A256GCM';
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

export function isEncryptedField(value: unknown): value is EncryptedField {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.$enc === 'A256GCM' && ['kid', 'iv', 'ct', 'tag'].every((k) => typeof v[k] === 'string');
}

export class FieldDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldDecryptError';
  }
}

const aad = (txId: string, field: string) => Buffer.from(`${txId}\u0000${field}`, 'utf8');

export function encryptField(key: FieldKey, txId: string, field: string, value: unknown): EncryptedField {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(txId, field));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $enc: 'A256GCM', kid: key.kid, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

export function decryptField(key: Buffer, txId: string, field: string, enc: EncryptedField): unknown {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(enc.iv, 'base64'));
    decipher.setAAD(aad(txId, field));
    decipher.setAuthTag(Buffer.from(enc.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(enc.ct, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    // No detail: GCM failures say nothing useful and the plaintext must not leak into logs.
    throw new FieldDecryptError(`field ${field} of ${txId} does not open with key ${enc.kid}`);
  }
}

/** Encrypts and decrypts the named top-level fields of payloads. */
export class FieldCipher {
  constructor(private readonly keys: KeyProvider) {}

  async seal(txId: string, payload: Record<string, unknown>, fields: readonly string[]): Promise<Record<string, unknown>> {
    const present = fields.filter((f) => Object.hasOwn(payload, f) && payload[f] !== undefined);
    if (present.length === 0) return payload;
    const key = await this.keys.current();
    const out = { ...payload };
    for (const f of present) out[f] = encryptField(key, txId, f, payload[f]);
    return out;
  }

  async open(txId: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    let out: Record<string, unknown> | null = null;
    for (const [f, v] of Object.entries(payload)) {
      if (!isEncryptedField(v)) continue;
      const key = await this.keys.byId(v.kid);
      if (!key) throw new FieldDecryptError(`key ${v.kid} for field ${f} of ${txId} is not available on this kiosk`);
      out ??= { ...payload };
      out[f] = decryptField(key, txId, f, v);
    }
    return out ?? payload;
  }
}
