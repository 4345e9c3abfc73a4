import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNATURE_SCHEME, type KioskCredentials } from '../../hub/api/kiosk-auth.js';
import { CredentialsError, openCredentialsStore, type CredentialsProtection } from './kiosk-credentials.node.js';
import { generateKioskKeyPair } from './request-signer.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'bk-creds-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function credentials(kioskId = 'K01'): KioskCredentials {
  return { scheme: SIGNATURE_SCHEME, kioskId, ...generateKioskKeyPair(), enrolledAt: '2026-11-23T09:00:00.000Z' };
}

/** Stands in for Electron's safeStorage: reversible, and visibly not plain text. */
const reversing: CredentialsProtection = {
  kind: 'test-reverse',
  seal: async (plain) => Buffer.from([...plain].reverse().join('')).toString('base64'),
  open: async (sealed) => [...Buffer.from(sealed, 'base64').toString()].reverse().join(''),
};

describe('kiosk credentials store', () => {
  it('has nothing before enrollment', async () => {
    expect(await openCredentialsStore({ dataDir }).load()).toBeNull();
  });

  it('saves a 0600 file atomically and loads the same credentials', async () => {
    const store = openCredentialsStore({ dataDir });
    const saved = credentials();
    await store.save(saved);
    expect(await store.load()).toEqual(saved);
    if (process.platform !== 'win32') expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dataDir)).toEqual(['kiosk-credentials.json']);
    const replacement = credentials();
    await store.save(replacement);
    expect(await store.load()).toEqual(replacement);
  });

  it('refuses a file other users can read (where modes mean something)', async () => {
    const store = openCredentialsStore({ dataDir });
    await store.save(credentials());
    await chmod(store.path, 0o644);
    if (process.platform === 'win32') await expect(store.load()).resolves.toMatchObject({ kioskId: 'K01' });
    else await expect(store.load()).rejects.toThrow(/readable by other users \(mode 644\)/);
  });

  it('seals through the protection and refuses a file sealed another way', async () => {
    const sealedStore = openCredentialsStore({ dataDir, protection: reversing });
    const saved = credentials();
    await sealedStore.save(saved);
    const raw = await readFile(sealedStore.path, 'utf8');
    expect(raw).not.toContain('PRIVATE KEY');
    expect(await sealedStore.load()).toEqual(saved);
    await expect(openCredentialsStore({ dataDir }).load()).rejects.toThrow(/sealed with test-reverse/);
  });

  it('refuses a file that is not credentials, and forgets on remove', async () => {
    const store = openCredentialsStore({ dataDir });
    await writeFile(store.path, '{"format":1,"protection":"file-0600","sealed":"{}"}', { mode: 0o600 });
    await expect(store.load()).rejects.toBeInstanceOf(CredentialsError);
    await store.remove();
    expect(await store.load()).toBeNull();
    await expect(store.save({ ...credentials(), kioskId: 'K 01' })).rejects.toThrow();
  });
});
