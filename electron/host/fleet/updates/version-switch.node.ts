// Installed builds of the host side by side, `<root>/versions/<version>/`, with two symlinks:
// `current` (what the service starts) and `previous` (what a rollback returns to). A link is
// replaced by creating a temp link and renaming it over the old one, which POSIX makes atomic:
// a kill at any instant leaves `current` pointing at a whole build, the old one or the new.
// `previous` is moved first, so an interrupted switch never leaves `previous` pointing nowhere
// useful while `current` already moved.
import { lstat, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';

export const VERSIONS_DIR = 'versions';

export interface VersionSwitchOptions {
  /** Tests: runs before each rename that publishes a link, to simulate a kill there. */
  beforePublish?: (link: 'current' | 'previous') => void;
}

export class VersionSwitch {
  constructor(
    private readonly root: string,
    private readonly options: VersionSwitchOptions = {},
  ) {}

  versionDir(version: string): string {
    return path.join(this.root, VERSIONS_DIR, version);
  }

  current(): Promise<string | null> {
    return this.target('current');
  }

  previous(): Promise<string | null> {
    return this.target('previous');
  }

  /** Makes `version` current and keeps the one it replaces as `previous`. */
  async switchTo(version: string): Promise<void> {
    await this.requireInstalled(version);
    const was = await this.current();
    if (was === version) return;
    if (was) await this.publish('previous', was);
    await this.publish('current', version);
  }

  /** `current` back to `previous`; the build rolled back from is no longer a rollback target. */
  async rollBack(): Promise<string> {
    const back = await this.previous();
    if (!back) throw new Error('no previous version to roll back to');
    await this.requireInstalled(back);
    await this.publish('current', back);
    await rm(path.join(this.root, 'previous'), { force: true });
    return back;
  }

  private async target(link: 'current' | 'previous'): Promise<string | null> {
    try {
      return path.basename(await readlink(path.join(this.root, link)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  private async requireInstalled(version: string): Promise<void> {
    // A version names a directory: nothing that could climb out of versions/.
    if (!/^[0-9A-Za-z.+-]+$/.test(version) || version.startsWith('.')) throw new Error(`not a version: ${version}`);
    const info = await stat(this.versionDir(version)).catch(() => null);
    if (!info?.isDirectory()) throw new Error(`version ${version} is not installed`);
  }

  private async publish(link: 'current' | 'previous', version: string): Promise<void> {
    const final = path.join(this.root, link);
    const temp = `${final}.next`;
    // A temp link left by a kill mid-switch is stale; it never was `current`.
    if (await lstat(temp).catch(() => null)) await rm(temp, { force: true });
    // Relative, so the whole root can be moved or mounted elsewhere.
    await symlink(path.join(VERSIONS_DIR, version), temp, 'dir');
    this.options.beforePublish?.(link);
    await rename(temp, final);
  }
}
