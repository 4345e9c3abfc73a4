// Security finding 1 (issue 15): the embedded database's directory was world-readable (files
// 0666, directories 0755) and its WAL held staff TOTP secrets in clear. Now the directory is
// the hub user's alone, repaired at every start, and TOTP secrets are sealed (AES-256-GCM)
// on both engines, including those an older hub stored in clear.
import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ASSIST_CONFIG } from './assist/assist-config.js';
import { createAssist } from './assist/assist-hub.node.js';
import { FakeClock } from './assist/testing/fake-clock.js';
import { TEST_SCRYPT_COST, TEST_SECRET_KEY } from './assist/testing/staff-fixtures.js';
import { hashPassword } from './assist/staff/passwords.node.js';
import { totpCode } from './assist/staff/totp.js';
import { ephemeralSecretKey, SECRET_KEY_FILE } from './auth/hub-secret-key.node.js';
import { startHub } from './start-hub.node.js';
import { createAssistStore } from './assist/storage/assist-store.js';
import type { Database } from './storage/queryable.js';
import { openTestPglite, openTestPostgres, type TestDatabase } from './testing/test-databases.node.js';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const silent = pino({ level: 'silent' });
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-rest-'));
  dirs.push(dir);
  return dir;
}

/** Every entry under `dir` (itself included) with its permission bits. */
async function modes(dir: string): Promise<{ entry: string; mode: number; dir: boolean }[]> {
  const out: { entry: string; mode: number; dir: boolean }[] = [];
  const visit = async (entry: string) => {
    const stats = await lstat(entry);
    out.push({ entry, mode: stats.mode & 0o777, dir: stats.isDirectory() });
    if (stats.isDirectory()) for (const name of await readdir(entry)) await visit(path.join(entry, name));
  };
  await visit(dir);
  return out;
}

/** Files whose bytes contain `text`. */
async function filesContaining(dir: string, text: string): Promise<string[]> {
  const hits: string[] = [];
  for (const { entry, dir: isDir } of await modes(dir)) {
    if (!isDir && (await readFile(entry)).includes(Buffer.from(text))) hits.push(path.relative(dir, entry));
  }
  return hits;
}

const openToOthers = (list: { mode: number }[]) => list.filter((e) => (e.mode & 0o077) !== 0);

describe('the embedded database directory', () => {
  it('is created 0700 with every file 0600, holds a 0600 key file, and no TOTP secret in clear', async () => {
    vi.stubEnv('HUB_SEED_ADMIN_USERNAME', 'admin');
    vi.stubEnv('HUB_SEED_ADMIN_PASSWORD', 'first admin password');
    vi.stubEnv('HUB_SEED_ADMIN_TOTP_SECRET', TOTP_SECRET);
    vi.stubEnv('HUB_SECRET_KEY', '');
    const dataDir = path.join(await tempDir(), 'data', 'hub');
    const hub = await startHub({ port: 0, host: '127.0.0.1', dataDir });
    const login = await fetch(`${hub.url}/v1/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'first admin password', totp: totpCode(TOTP_SECRET, Date.now()) }),
    });
    expect(login.status).toBe(200);
    await hub.close();

    const entries = await modes(dataDir);
    expect(entries.length).toBeGreaterThan(100);
    expect(openToOthers(entries)).toEqual([]);
    expect(entries.filter((e) => e.dir).every((e) => e.mode === 0o700)).toBe(true);
    expect(entries.find((e) => e.entry === path.join(dataDir, SECRET_KEY_FILE))?.mode).toBe(0o600);
    expect((await lstat(path.dirname(dataDir))).mode & 0o777).toBe(0o700);
    // Not in the table, not in the WAL: the secret never reached the database in clear.
    expect(await filesContaining(dataDir, TOTP_SECRET)).toEqual([]);
  });

  it('repairs the modes an older hub left (directories 0755, files 0666) at start', async () => {
    const dataDir = await tempDir();
    const old = await PGlite.create(dataDir);
    await old.exec('SELECT 1');
    await old.close();
    expect(openToOthers(await modes(dataDir)).length).toBeGreaterThan(100);

    const hub = await startHub({ port: 0, host: '127.0.0.1', dataDir, secretKey: Buffer.alloc(32, 5).toString('base64') });
    expect(openToOthers(await modes(dataDir))).toEqual([]);
    await hub.close();
    expect(openToOthers(await modes(dataDir))).toEqual([]);
  });
});

async function insertClearStaff(db: Database, username: string): Promise<string> {
  await createAssistStore(db); // schema
  const staffId = globalThis.crypto.randomUUID();
  await db.query(
    `INSERT INTO staff_users (staff_id, username, display_name, role, password_hash, totp_secret) VALUES ($1, $2, 'Old', 'expert', $3, $4)`,
    [staffId, username, await hashPassword('old hub password', TEST_SCRYPT_COST), TOTP_SECRET],
  );
  return staffId;
}

const storedSecret = async (db: Database, staffId: string) =>
  (await db.query<{ totp_secret: string }>('SELECT totp_secret FROM staff_users WHERE staff_id = $1', [staffId])).rows[0]?.totp_secret;

describe.each([
  ['pglite', openTestPglite],
  ['postgres', openTestPostgres],
])('TOTP secrets at rest on %s', (_engine, open) => {
  let testDb: TestDatabase;
  afterEach(async () => testDb?.dispose());

  it('seals new secrets and those an older hub stored in clear, and signs in with both', async () => {
    testDb = await open();
    const clock = new FakeClock();
    const oldStaffId = await insertClearStaff(testDb.db, 'old.hub.user');
    const assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: silent, clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });

    expect(await storedSecret(testDb.db, oldStaffId)).toMatch(new RegExp(`^enc1:${TEST_SECRET_KEY.kid}:`));
    const created = await assist.staffAuth.createStaff({ username: 'new.user', displayName: 'New', role: 'expert', password: 'new hub password', languages: [], topics: [] });
    expect(created).not.toBeNull();
    const stored = await storedSecret(testDb.db, created!.staff.staffId);
    expect(stored).toMatch(/^enc1:/);
    expect(stored).not.toContain(created!.totpSecret);

    clock.advanceSec(30);
    expect(await assist.staffAuth.login({ username: 'old.hub.user', password: 'old hub password', totp: totpCode(TOTP_SECRET, clock.now()) })).not.toBeNull();
    expect(await assist.staffAuth.login({ username: 'new.user', password: 'new hub password', totp: totpCode(created!.totpSecret, clock.now()) })).not.toBeNull();
    expect(await assist.staffAuth.login({ username: 'new.user', password: 'new hub password', totp: '000000' })).toBeNull();
  });

  it('refuses to start with a key that cannot open the sealed secrets (a hub instance with its own key)', async () => {
    testDb = await open();
    await insertClearStaff(testDb.db, 'sealed.by.first');
    await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: silent, secretKey: TEST_SECRET_KEY });
    await expect(createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: silent, secretKey: ephemeralSecretKey() })).rejects.toThrow(
      /sealed with another hub secret key.*same HUB_SECRET_KEY/,
    );
  });
});
