// The host's version. A checkout (or the .deb's app.asar) reports the version this source
// carries. A build run from an install tree (`<root>/versions/<v>/…`, the layout software
// updates switch between) reports the version directory it runs from: the updater names
// that directory after the signed release it unpacked, and the constant below is the same in
// every build made from one checkout, so it cannot tell 1.0.0 from 1.1.0 (crash record,
// health reports, diagnostics would all say 0.1.0).
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOST_VERSION = '0.1.0';

/**
 * The version directory `file` sits in under `<installRoot>/versions/`, or null when it is
 * not inside that tree. Symlinks (`current`, `previous`, a root reached through a link) are
 * resolved first, so the answer is the build itself, not the link that led to it.
 */
export function versionFromInstallTree(file: string, installRoot: string): string | null {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const relative = path.relative(path.join(real(installRoot), 'versions'), real(file));
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [version] = relative.split(path.sep);
  return version && relative.includes(path.sep) ? version : null;
}

/**
 * The version this process runs: with BRANCH_KIOSK_INSTALL_ROOT set and this code running
 * from a version directory under it, that directory's name; otherwise HOST_VERSION.
 * `file` defaults to this module's own file, which in the bundle is host.cjs.
 */
export function runningHostVersion(env: NodeJS.ProcessEnv = process.env, file: string = fileURLToPath(import.meta.url)): string {
  const root = env.BRANCH_KIOSK_INSTALL_ROOT;
  return (root && versionFromInstallTree(file, root)) || HOST_VERSION;
}
