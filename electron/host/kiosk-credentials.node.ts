// Where the kiosk keeps its enrollment credentials (the Ed25519 private key). Today a file
// readable by the kiosk's user only (0600); `CredentialsProtection` is the seam for
// Electron's safeStorage (OS keychain / DPAPI) later, without changing callers.
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { kioskCredentialsSchema, type KioskCredentials } from '../../hub/api/kiosk-auth.js';

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

export function openCredentialsStore(options: { dataDir: string; protection?: CredentialsProtection }): KioskCredentialsStore {
  const protection = options.protection ?? fileModeOnly;
  const file = path.join(options.dataDir, CREDENTIALS_FILE);
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
      const stored = fileSchema.safeParse(JSON.parse(text));
      if (!stored.success) throw new CredentialsError(`${file} is not a credentials file`);
      if (stored.data.protection !== protection.kind) {
        throw new CredentialsError(`${file} was sealed with ${stored.data.protection}, this kiosk opens ${protection.kind}`);
      }
      const credentials = kioskCredentialsSchema.safeParse(JSON.parse(await protection.open(stored.data.sealed)));
      if (!credentials.success) throw new CredentialsError(`${file} holds no valid credentials`);
      return credentials.data;
    },
    save: async (credentials) => {
      const body = JSON.stringify({ format: 1, protection: protection.kind, sealed: await protection.seal(JSON.stringify(kioskCredentialsSchema.parse(credentials))) });
      // Created 0600 from the start (never briefly wider), synced, then renamed over the
      // old file: a crash leaves the old credentials or the new, never half of one.
      const temp = `${file}.${process.pid}.tmp`;
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(body, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    },
    remove: () => rm(file, { force: true }),
  };
}
