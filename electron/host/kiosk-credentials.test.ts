import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNATURE_SCHEME, type KioskCredentials } from '../../protocol/kiosk-auth.js';
import { CredentialsError, fileModeOnly, hostCredentialsStore, openCredentialsStore, type CredentialsProtection } from './kiosk-credentials.node.js';
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

  it('opens a file-0600 store (what kioskctl writes) and re-seals it with the host protection', async () => {
    const saved = credentials('K07');
    await openCredentialsStore({ dataDir }).save(saved);
    const resealed: string[] = [];
    const host = openCredentialsStore({ dataDir, protection: reversing, upgradeFrom: [fileModeOnly], onResealed: (from, to) => resealed.push(`${from}→${to}`) });
    expect(await host.load()).toEqual(saved);
    expect(resealed).toEqual(['file-0600→test-reverse']);
    const raw = JSON.parse(await readFile(host.path, 'utf8')) as { protection: string; sealed: string };
    expect(raw.protection).toBe('test-reverse');
    expect(raw.sealed).not.toContain('PRIVATE KEY');
    expect((await stat(host.path)).mode & 0o777).toBe(0o600);
    expect(await host.load()).toEqual(saved);
  });

  it('keeps a file-0600 store working when re-sealing fails (no OS keyring), and says why once', async () => {
    const saved = credentials('K08');
    await openCredentialsStore({ dataDir }).save(saved);
    const noKeyring: CredentialsProtection = { ...reversing, seal: () => Promise.reject(new Error('safeStorage backend is basic_text')) };
    const warnings: unknown[] = [];
    const host = hostCredentialsStore(dataDir, noKeyring, { info: () => undefined, warn: (obj) => warnings.push(obj) });
    expect(await host.load()).toEqual(saved);
    expect(await host.load()).toEqual(saved);
    expect(warnings).toEqual([{ reason: expect.stringMatching(/stays file-0600: safeStorage backend is basic_text/) }]);
    expect((JSON.parse(await readFile(host.path, 'utf8')) as { protection: string }).protection).toBe('file-0600');
  });

  it('gives the file to the kiosk user when enrolled by root', async () => {
    if (process.getuid?.() !== 0) {
      // Only root may give files away; an unprivileged enroll writes its own file.
      await expect(openCredentialsStore({ dataDir, owner: { uid: 65534, gid: 65534 } }).save(credentials())).rejects.toThrow(/EPERM/);
      return;
    }
    const store = openCredentialsStore({ dataDir, owner: { uid: 65534, gid: 65534 } });
    await store.save(credentials());
    expect((await stat(store.path)).uid).toBe(65534);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
  });
});
