import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSafeStoragePolicy, envKeyProvider, fileKeyProvider, safeStorageKeyProvider, type SafeStorageLike } from './field-crypto-keys.node.js';
import { decryptField, encryptField, FieldCipher, FieldDecryptError, fieldKey } from './field-crypto.node.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bk-keys-'));

function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`wrapped:${s}`),
    decryptString: (b) => b.toString().replace(/^wrapped:/, ''),
    getSelectedStorageBackend: () => backend,
  };
}

describe('field encryption (AES-256-GCM per field)', () => {
  const key = fieldKey(randomBytes(32));

  it('round-trips a value with a fresh nonce each time', () => {
    const a = encryptField(key, 'tx1', 'idNumber', { v: '110101' });
    const b = encryptField(key, 'tx1', 'idNumber', { v: '110101' });
    expect(a.iv).not.toBe(b.iv);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(decryptField(key.key, 'tx1', 'idNumber', a)).toEqual({ v: '110101' });
  });

  it('fails to open with another transaction id, field, key or a flipped bit', () => {
    const enc = encryptField(key, 'tx1', 'phone', '13800138000');
    expect(() => decryptField(key.key, 'tx2', 'phone', enc)).toThrow(FieldDecryptError);
    expect(() => decryptField(key.key, 'tx1', 'name', enc)).toThrow(FieldDecryptError);
    expect(() => decryptField(randomBytes(32), 'tx1', 'phone', enc)).toThrow(FieldDecryptError);
    const ct = Buffer.from(enc.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => decryptField(key.key, 'tx1', 'phone', { ...enc, ct: ct.toString('base64') })).toThrow(FieldDecryptError);
  });

  it('seals only the named fields and refuses to open without the key', async () => {
    const cipher = new FieldCipher({ current: async () => key, byId: async () => null });
    const sealed = await cipher.seal('tx', { name: '张三', amount: 100 }, ['name', 'absent']);
    expect(sealed.amount).toBe(100);
    expect(sealed.name).toMatchObject({ $enc: 'A256GCM', kid: key.kid });
    await expect(cipher.open('tx', sealed)).rejects.toThrow(/not available/);
  });
});

describe('key providers', () => {
  it('creates the key file 0600 on first run and reuses it', async () => {
    const file = path.join(tmp(), 'sub', 'field.key');
    const first = await fileKeyProvider(file).current();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await fileKeyProvider(file).current()).kid).toBe(first.kid);
    chmodSync(file, 0o644);
    expect(() => fileKeyProvider(file)).toThrow(/readable by other users/);
  });

  it('reads a base64 key from the environment and refuses a short one', async () => {
    const raw = randomBytes(32);
    expect((await envKeyProvider({ BRANCH_KIOSK_FIELD_KEY: raw.toString('base64') }).current()).key).toEqual(raw);
    expect(() => envKeyProvider({ BRANCH_KIOSK_FIELD_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
    expect(() => envKeyProvider({})).toThrow(/not set/);
  });

  it('refuses safeStorage basic_text on Linux unless configured, and wraps the key otherwise', async () => {
    expect(() => checkSafeStoragePolicy(fakeSafeStorage('basic_text'), 'linux', false)).toThrow(/basic_text/);
    expect(() => checkSafeStoragePolicy(fakeSafeStorage('basic_text'), 'linux', true)).not.toThrow();
    expect(() => checkSafeStoragePolicy(fakeSafeStorage('gnome_libsecret'), 'linux', false)).not.toThrow();
    expect(() => checkSafeStoragePolicy(fakeSafeStorage('basic_text'), 'win32', false)).not.toThrow();
    expect(() => checkSafeStoragePolicy(fakeSafeStorage('kwallet', false), 'linux', false)).toThrow(/not available/);
    const blob = path.join(tmp(), 'field.key.enc');
    const a = await safeStorageKeyProvider(fakeSafeStorage('kwallet'), blob, { platform: 'linux' }).current();
    const b = await safeStorageKeyProvider(fakeSafeStorage('kwallet'), blob, { platform: 'linux' }).current();
    expect(a.kid).toBe(b.kid);
    expect(statSync(blob).mode & 0o777).toBe(0o600);
  });
});
