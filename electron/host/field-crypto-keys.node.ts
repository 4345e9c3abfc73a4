// Key providers for field encryption. Under Electron the key is wrapped by the OS keystore
// through `safeStorage` (main.ts hands its safeStorage in); outside Electron — dev, tests,
// headless kiosks — it comes from an env var or from a key file created 0600 on first run.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fieldKey, type FieldKey, type KeyProvider } from './field-crypto.node.js';

export class KeyProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyProviderError';
  }
}

function single(key: FieldKey): KeyProvider {
  return { current: () => Promise.resolve(key), byId: (kid) => Promise.resolve(kid === key.kid ? key.key : null) };
}

/** Writes `bytes` to a new file readable by this user only; fails if the file exists. */
function createPrivateFile(file: string, bytes: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readPrivateFile(file: string): Buffer {
  // A key others can read is no longer a secret; refuse rather than silently use it.
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new KeyProviderError(`${file} is readable by other users; chmod 600 it or remove it`);
  }
  return readFileSync(file);
}

const exists = (file: string) => {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
};

export function fileKeyProvider(file: string): KeyProvider {
  if (!exists(file)) createPrivateFile(file, randomBytes(32));
  return single(fieldKey(readPrivateFile(file)));
}

export const FIELD_KEY_ENV = 'BRANCH_KIOSK_FIELD_KEY';

export function envKeyProvider(env: NodeJS.ProcessEnv, name = FIELD_KEY_ENV): KeyProvider {
  const raw = env[name];
  if (!raw) throw new KeyProviderError(`${name} is not set`);
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new KeyProviderError(`${name} must be 32 bytes, base64-encoded`);
  return single(fieldKey(key));
}

/** The part of Electron's `safeStorage` this module uses; main.ts passes the real one. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron: 'basic_text', 'gnome_libsecret', 'kwallet', … */
  getSelectedStorageBackend?(): string;
}

/**
 * On Linux without a keyring, safeStorage falls back to `basic_text`: a hard-coded password,
 * i.e. no protection at all. Refuse it unless the deployment says it accepts that.
 */
export function checkSafeStoragePolicy(safe: SafeStorageLike, platform: NodeJS.Platform, allowBasicText: boolean): void {
  if (!safe.isEncryptionAvailable()) throw new KeyProviderError('safeStorage encryption is not available on this machine');
  const backend = platform === 'linux' ? safe.getSelectedStorageBackend?.() : undefined;
  if (platform === 'linux' && (backend === undefined || backend === 'basic_text' || backend === 'unknown') && !allowBasicText) {
    throw new KeyProviderError(`safeStorage backend is ${backend ?? 'unknown'} (no OS keyring); set fieldKey.allowBasicText to accept an unprotected key`);
  }
}

/** The field key wrapped by safeStorage in `blobFile` (created on first run). */
export function safeStorageKeyProvider(safe: SafeStorageLike, blobFile: string, opts: { platform?: NodeJS.Platform; allowBasicText?: boolean } = {}): KeyProvider {
  checkSafeStoragePolicy(safe, opts.platform ?? process.platform, opts.allowBasicText ?? false);
  if (!exists(blobFile)) createPrivateFile(blobFile, safe.encryptString(randomBytes(32).toString('base64')));
  const key = Buffer.from(safe.decryptString(readPrivateFile(blobFile)), 'base64');
  return single(fieldKey(key));
}

/** Outside Electron: the env var when set, else the key file in the data directory. */
export function defaultKeyProvider(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyProvider {
  return env[FIELD_KEY_ENV] ? envKeyProvider(env) : fileKeyProvider(path.join(dataDir, 'field.key'));
}

/** The configured source; `safe-storage` needs the provider main.ts builds from Electron. */
export function keyProviderFor(source: 'auto' | 'env' | 'file' | 'safe-storage', dataDir: string, env: NodeJS.ProcessEnv, given?: KeyProvider): KeyProvider {
  if (given) return given;
  if (source === 'safe-storage') throw new KeyProviderError('keySource safe-storage needs Electron: main.ts must pass a safeStorage key provider');
  if (source === 'env') return envKeyProvider(env);
  if (source === 'file') return fileKeyProvider(path.join(dataDir, 'field.key'));
  return defaultKeyProvider(dataDir, env);
}
