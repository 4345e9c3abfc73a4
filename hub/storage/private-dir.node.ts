// The hub's data directory holds the embedded database (its WAL carries staff password
// hashes and sealed TOTP secrets) and the hub's secret key: readable by the hub's own user
// only. PGlite creates its files 0666 and directories 0755 whatever the umask says, and hubs
// before this fix left them so: every start creates the directory 0700 and repairs the modes
// of what is already inside (directories 0700, files 0600).
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) 0700, or tightens an existing one to 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const stats = await lstat(dir);
  if (!stats.isDirectory()) throw new Error(`${dir} is not a directory`);
  if ((stats.mode & 0o777) !== PRIVATE_DIR_MODE) await chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Directories 0700 and regular files 0600 under `dir` (itself included). Symbolic links are
 * neither followed nor changed: a link must not turn this into a chmod of a file elsewhere.
 * Returns how many entries had to be repaired.
 */
export async function repairPrivateTree(dir: string): Promise<number> {
  let repaired = 0;
  const visit = async (entry: string): Promise<void> => {
    const stats = await lstat(entry);
    if (stats.isSymbolicLink()) return;
    const want = stats.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((stats.mode & 0o777) !== want) {
      await chmod(entry, want);
      repaired += 1;
    }
    if (stats.isDirectory()) for (const name of await readdir(entry)) await visit(path.join(entry, name));
  };
  await visit(dir);
  return repaired;
}
