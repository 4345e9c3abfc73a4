// The running version from an install tree: a build under <root>/versions/<v>/ is <v>, however
// it was reached (through `current`, through a linked root); anything else is HOST_VERSION.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HOST_VERSION, runningHostVersion, versionFromInstallTree } from './version.js';

let work: string;
let root: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'bk-version-'));
  root = path.join(work, 'install');
  await mkdir(path.join(root, 'versions', '1.1.0', 'electron'), { recursive: true });
  await writeFile(path.join(root, 'versions', '1.1.0', 'electron', 'host.cjs'), '');
  await symlink(path.join('versions', '1.1.0'), path.join(root, 'current'), 'dir');
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

it('names the version directory a build runs from, also reached through `current` or a linked root', async () => {
  expect(versionFromInstallTree(path.join(root, 'versions', '1.1.0', 'electron', 'host.cjs'), root)).toBe('1.1.0');
  expect(versionFromInstallTree(path.join(root, 'current', 'electron', 'host.cjs'), root)).toBe('1.1.0');
  await symlink(root, path.join(work, 'linked'), 'dir');
  expect(versionFromInstallTree(path.join(root, 'current', 'electron', 'host.cjs'), path.join(work, 'linked'))).toBe('1.1.0');
});

it('is null outside the versions tree and for the versions directory itself', () => {
  expect(versionFromInstallTree('/srv/branch-kiosk/dist/electron/host.cjs', root)).toBeNull();
  expect(versionFromInstallTree(path.join(root, 'versions'), root)).toBeNull();
  expect(versionFromInstallTree(path.join(root, 'versions', '1.1.0'), root)).toBeNull();
  expect(versionFromInstallTree(path.join(work, 'versions', '1.1.0', 'host.cjs'), root)).toBeNull();
});

it('reports the install-tree version only with BRANCH_KIOSK_INSTALL_ROOT set, else the source version', () => {
  const file = path.join(root, 'current', 'electron', 'host.cjs');
  expect(runningHostVersion({ BRANCH_KIOSK_INSTALL_ROOT: root }, file)).toBe('1.1.0');
  expect(runningHostVersion({}, file)).toBe(HOST_VERSION);
  // A checkout run with an install root set elsewhere is still the checkout's version.
  expect(runningHostVersion({ BRANCH_KIOSK_INSTALL_ROOT: root }, '/srv/branch-kiosk/dist/electron/host.cjs')).toBe(HOST_VERSION);
  expect(HOST_VERSION).not.toBe('1.1.0');
});
