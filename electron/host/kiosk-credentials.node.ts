// Where the kiosk keeps its enrollment credentials (the Ed25519 private key): one file in the
// data dir that records how it is sealed. kioskctl (plain Node) writes it `file-0600`: readable
// by its owner only. The Electron shell opens that too and re-seals it with safeStorage (OS
// keyring / DPAPI) on first start, so a kiosk enrolled from the command line signs its hub
// requests under Electron and ends up sealed wherever the OS allows it.
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { kioskCredentialsSchema, type KioskCredentials } from '../../protocol/kiosk-auth.js';

export interface CredentialsProtection {
  /** Recorded in the file, so a file sealed one way is never opened another way. */
  readonly kind: string;
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

/** File permissions are the only protection: what a kiosk without a keychain can do. */
export const fileModeOnly: CredentialsProtection = {
  kind: 'file-0600',
  seal: async (plain) => plain,
  open: async (sealed) => sealed,
};

export interface KioskCredentialsStore {
  readonly path: string;
  /** Null when the kiosk has not enrolled yet. */
  load(): Promise<KioskCredentials | null>;
  save(credentials: KioskCredentials): Promise<void>;
  remove(): Promise<void>;
}

export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

const fileSchema = z.object({ format: z.literal(1), protection: z.string(), sealed: z.string() }).strict();
export const CREDENTIALS_FILE = 'kiosk-credentials.json';

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export interface CredentialsStoreOptions {
  dataDir: string;
  /** How this process seals (default: file permissions only). */
  protection?: CredentialsProtection;
  /**
   * Other sealings this process can open (e.g. the file-0600 kioskctl writes): such a file is
   * read, then re-sealed with `protection`. If re-sealing fails (no OS keyring), the file stays
   * as it is and keeps working; `onResealFailed` says why.
   */
  upgradeFrom?: readonly CredentialsProtection[];
  onResealed?: (from: string, to: string) => void;
  onResealFailed?: (reason: string) => void;
  /** Give the file to this owner (kioskctl run as root enrolls for the kiosk user). */
  owner?: { uid: number; gid: number };
}

export function openCredentialsStore(options: CredentialsStoreOptions): KioskCredentialsStore {
  const protection = options.protection ?? fileModeOnly;
  const file = path.join(options.dataDir, CREDENTIALS_FILE);

  const save = async (credentials: KioskCredentials, sealWith: CredentialsProtection = protection): Promise<void> => {
    const body = JSON.stringify({ format: 1, protection: sealWith.kind, sealed: await sealWith.seal(JSON.stringify(kioskCredentialsSchema.parse(credentials))) });
    // Created 0600 from the start (never briefly wider), synced, then renamed over the
    // old file: a crash leaves the old credentials or the new, never half of one.
    const temp = `${file}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(body, 'utf8');
      if (options.owner) await handle.chown(options.owner.uid, options.owner.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  };

  return {
    path: file,
    load: async () => {
      const text = await readIfExists(file);
      if (text === null) return null;
      // Like ssh with a private key: a key others could read may already be copied.
      const { mode } = await stat(file);
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        throw new CredentialsError(`${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); revoke and enroll the kiosk again`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new CredentialsError(`${file} is not a credentials file`);
      }
      const stored = fileSchema.safeParse(json);
      if (!stored.success) throw new CredentialsError(`${file} is not a credentials file`);
      const opener = stored.data.protection === protection.kind ? protection : options.upgradeFrom?.find((p) => p.kind === stored.data.protection);
      if (!opener) {
        throw new CredentialsError(`${file} was sealed with ${stored.data.protection}, this kiosk opens ${[protection, ...(options.upgradeFrom ?? [])].map((p) => p.kind).join(' or ')}; enroll again with kioskctl enroll`);
      }
      let plain: unknown;
      try {
        plain = JSON.parse(await opener.open(stored.data.sealed));
      } catch (err) {
        throw new CredentialsError(`${file} cannot be opened with ${opener.kind}: ${(err as Error).message}`);
      }
      const credentials = kioskCredentialsSchema.safeParse(plain);
      if (!credentials.success) throw new CredentialsError(`${file} holds no valid credentials`);
      if (opener !== protection) {
        try {
          await save(credentials.data);
          options.onResealed?.(opener.kind, protection.kind);
        } catch (err) {
          options.onResealFailed?.(`${file} stays ${opener.kind}: ${(err as Error).message}`);
        }
      }
      return credentials.data;
    },
    save: (credentials) => save(credentials),
    remove: () => rm(file, { force: true }),
  };
}

/**
 * The store as a kiosk host opens it: sealed with `protection` when given (Electron), and
 * accepting what kioskctl writes (file-0600), re-sealed on first load.
 */
export function hostCredentialsStore(dataDir: string, protection: CredentialsProtection | undefined, log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void }): KioskCredentialsStore {
  if (!protection || protection.kind === fileModeOnly.kind) return openCredentialsStore({ dataDir });
  let warned = false;
  return openCredentialsStore({
    dataDir,
    protection,
    upgradeFrom: [fileModeOnly],
    onResealed: (from, to) => log.info({ from, to }, 'kiosk credentials re-sealed'),
    onResealFailed: (reason) => {
      if (!warned) log.warn({ reason }, 'kiosk credentials could not be re-sealed; they stay readable by the kiosk user only');
      warned = true;
    },
  });
}
