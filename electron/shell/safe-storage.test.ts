import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SafeStorageLike } from '../host/field-crypto-keys.node.js';
import { lazySafeStorageKeyProvider, safeStorageProtection } from './safe-storage.js';

const fakeSafe = (backend: string): SafeStorageLike & { calls: number } => {
  const s = {
    calls: 0,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => (s.calls++, Buffer.from([...Buffer.from(plain)].reverse())),
    decryptString: (enc: Buffer) => Buffer.from([...enc].reverse()).toString(),
  };
  return s;
};

describe('safeStorage seams', () => {
  it('seals hub credentials with the OS key store and opens them again', async () => {
    const safe = fakeSafe('gnome_libsecret');
    const protection = safeStorageProtection(safe, { platform: 'linux', allowBasicText: false });
    const sealed = await protection.seal('{"privateKeyPem":"secret"}');
    expect(sealed).not.toContain('secret');
    expect(await protection.open(sealed)).toBe('{"privateKeyPem":"secret"}');
    expect(protection.kind).toBe('electron-safe-storage');
  });

  it('refuses the unprotected basic_text backend on Linux unless configured', async () => {
    const refused = safeStorageProtection(fakeSafe('basic_text'), { platform: 'linux', allowBasicText: false });
    await expect(refused.seal('x')).rejects.toThrow(/basic_text/);
    const allowed = safeStorageProtection(fakeSafe('basic_text'), { platform: 'linux', allowBasicText: true });
    expect(await allowed.open(await allowed.seal('x'))).toBe('x');
  });

  it('creates the field key only when first used, and the same key every time after', async () => {
    const safe = fakeSafe('kwallet');
    const blob = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-safe-')), 'field.key.safe');
    const provider = lazySafeStorageKeyProvider(safe, blob, { platform: 'linux', allowBasicText: false });
    expect(safe.calls).toBe(0);
    const first = await provider.current();
    const again = await lazySafeStorageKeyProvider(safe, blob, { platform: 'linux', allowBasicText: false }).current();
    expect(again.kid).toBe(first.kid);
    expect(await provider.byId(first.kid)).toEqual(first.key);
  });
});
