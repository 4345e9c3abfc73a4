import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHubSecretKey, parseSecretKeyText, SECRET_KEY_FILE } from './hub-secret-key.node.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-key-'));
  dirs.push(dir);
  return dir;
};

describe('hub secret key', () => {
  it('reads 32 bytes as base64, base64url or hex, and nothing shorter or longer', () => {
    const bytes = Buffer.alloc(32, 9);
    for (const text of [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), ` ${bytes.toString('hex')}\n`]) {
      expect(parseSecretKeyText(text)).toEqual(bytes);
    }
    for (const text of ['', 'short', Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('hex')]) expect(parseSecretKeyText(text)).toBeNull();
  });

  it('takes HUB_SECRET_KEY first and refuses a bad one without quoting it', async () => {
    const key = await loadHubSecretKey({ envKey: Buffer.alloc(32, 3).toString('base64'), dataDir: await tempDir() });
    expect(key).toMatchObject({ source: 'env', key: Buffer.alloc(32, 3) });
    await expect(loadHubSecretKey({ envKey: 'hunter2', dataDir: 'memory://' })).rejects.toThrow(/^HUB_SECRET_KEY must be 32 random bytes/);
    await expect(loadHubSecretKey({ envKey: 'hunter2', dataDir: 'memory://' })).rejects.not.toThrow(/hunter2/);
  });

  it('generates a 0600 key file in a 0700 data directory on first start and reads the same key later', async () => {
    const dataDir = path.join(await tempDir(), 'hub');
    const first = await loadHubSecretKey({ dataDir });
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect(first).toMatchObject({ source: 'file', file });
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await chmod(file, 0o644);
    const again = await loadHubSecretKey({ dataDir });
    expect(again.kid).toBe(first.kid);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).not.toContain(first.kid);
  });

  it('refuses a damaged key file instead of making a new key', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, SECRET_KEY_FILE), 'not a key\n', { mode: 0o600 });
    await expect(loadHubSecretKey({ dataDir })).rejects.toThrow(/does not hold a 32-byte key/);
  });

  it('gives an in-memory database a key of its own process', async () => {
    const a = await loadHubSecretKey({ dataDir: 'memory://' });
    const b = await loadHubSecretKey({ dataDir: 'memory://' });
    expect(a.source).toBe('ephemeral');
    expect(a.kid).not.toBe(b.kid);
  });
});
