// Installs a verified release artifact (a .tar.gz of one host build) as `versions/<version>/`
// beside the running one, then lets the version switch move `current`. Unpacked into a
// staging directory first and renamed into place, so a kill mid-unpack never leaves a
// half-unpacked build under a version name that `current` could be switched to.
import { execFile } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { SignedRelease } from '../../../../protocol/software-updates.js';
import type { UpdatePorts } from './update-policy.js';
import type { VersionSwitch } from './version-switch.node.js';

const run = promisify(execFile);

export function tarballInstaller(versions: VersionSwitch, restart: () => void): UpdatePorts['installer'] {
  return {
    async currentVersion() {
      const current = await versions.current();
      if (!current) throw new Error('no current version installed');
      return current;
    },
    async stage(release: SignedRelease, artifact: string) {
      const target = versions.versionDir(release.version);
      // Already there (staged before a restart): the same signed version is the same build.
      if (await stat(target).catch(() => null)) return;
      const staging = `${target}.staging`;
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      try {
        // GNU tar drops leading '/' and '..' from member names, so nothing lands outside staging.
        await run('tar', ['-xzf', artifact, '-C', staging, '--no-same-owner']);
      } catch (err) {
        await rm(staging, { recursive: true, force: true });
        throw err;
      }
      await rename(staging, target);
    },
    switchTo: (version) => versions.switchTo(version),
    async rollBack() {
      await versions.rollBack();
    },
    restart,
  };
}
