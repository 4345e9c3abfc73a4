// The hub's secret key: the AES-256-GCM key of secrets the hub must read back in clear
// (staff TOTP secrets; see hub/assist/staff/totp-secret-box.node.ts). Where it comes from:
//   HUB_SECRET_KEY   32 random bytes as base64 or hex (`openssl rand -base64 32`). Hubs that
//                    share one PostgreSQL must all have the same key: set this.
//   <data dir>/hub-secret.key  otherwise; generated (0600) on first start. Keep it out of
//                    database backups, or a stolen backup carries its own key.
// An in-memory database gets a key that lives as long as the process, as the data does.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../storage/private-dir.node.js';

export const SECRET_KEY_FILE = 'hub-secret.key';
const KEY_BYTES = 32;

export interface HubSecretKey {
  /** Public name of the key, stored with what it sealed: derived from the key, not the key. */
  kid: string;
  key: Buffer;
  source: 'env' | 'file' | 'ephemeral';
  /** The key file, when the key came from one. */
  file?: string;
}

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

const keyIdOf = (key: Buffer): string => createHash('sha256').update('branch-kiosk hub secret key').update(key).digest('hex').slice(0, 16);

export function hubSecretKey(key: Buffer, source: HubSecretKey['source'], file?: string): HubSecretKey {
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`the hub secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return { kid: keyIdOf(key), key, source, ...(file ? { file } : {}) };
}

/** 64 hex digits, or base64 / base64url of 32 bytes; null for anything else. */
export function parseSecretKeyText(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  return bytes.length === KEY_BYTES ? bytes : null;
}

export function ephemeralSecretKey(): HubSecretKey {
  return hubSecretKey(randomBytes(KEY_BYTES), 'ephemeral');
}

async function createKeyFile(file: string): Promise<boolean> {
  let handle;
  try {
    // Exclusive: two processes starting on one fresh directory cannot both write a key.
    handle = await open(file, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${randomBytes(KEY_BYTES).toString('base64')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function keyFromFile(dataDir: string): Promise<HubSecretKey> {
  const dir = path.resolve(dataDir);
  await ensurePrivateDir(dir);
  const file = path.join(dir, SECRET_KEY_FILE);
  await createKeyFile(file);
  if (((await stat(file)).mode & 0o777) !== PRIVATE_FILE_MODE) await chmod(file, PRIVATE_FILE_MODE);
  const key = parseSecretKeyText(await readFile(file, 'utf8'));
  // Never quote the file: whatever is in it may be the key.
  if (!key) throw new SecretKeyError(`${file} does not hold a ${KEY_BYTES}-byte key (base64 or hex); restore it from a backup, or set HUB_SECRET_KEY`);
  return hubSecretKey(key, 'file', file);
}

export interface SecretKeySource {
  /** HUB_SECRET_KEY, when set and not empty. */
  envKey?: string | undefined;
  /** The hub data directory, or `memory://`. */
  dataDir: string;
}

export async function loadHubSecretKey({ envKey, dataDir }: SecretKeySource): Promise<HubSecretKey> {
  if (envKey !== undefined && envKey !== '') {
    const key = parseSecretKeyText(envKey);
    if (!key) throw new SecretKeyError(`HUB_SECRET_KEY must be ${KEY_BYTES} random bytes as base64 or hex (openssl rand -base64 32)`);
    return hubSecretKey(key, 'env');
  }
  if (dataDir.startsWith('memory://')) return ephemeralSecretKey();
  return keyFromFile(dataDir);
}
