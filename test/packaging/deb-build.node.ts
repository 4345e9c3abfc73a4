// Builds the real .deb offline for the packaging tests: a scratch copy of the project (its
// electron-builder.yml, package.json and native/, the repo's node_modules linked in), the
// real kioskctl bundle, a stand-in page, and a stand-in Electron build that carries the fuse
// wire, so that `electron-builder --linux --dir` runs for real (asar, production
// node_modules, extraResources, fuses flipped) and scripts/dist-deb.mjs makes the package
// with dpkg-deb from the same settings electron-builder's fpm would use.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCli } from '../../scripts/dist-cli.mjs';
import { buildDeb } from '../../scripts/dist-deb.mjs';

export const root = path.resolve(import.meta.dirname, '../..');

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's default fuse states, version 1 wire of 8 fuses: '1' enabled, '0' disabled. */
export const DEFAULT_FUSE_WIRE = '10011001';

/** An "Electron" that is a shell script with the fuse wire at its end, as the real binary has it in its data. */
function fakeElectron(dir: string): string {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const binary = `#!/bin/sh\necho "stand-in Electron for packaging tests"\nexit 0\n# ${FUSE_SENTINEL}\u0001\u0008${DEFAULT_FUSE_WIRE}\n`;
  for (const name of ['electron', 'chrome-sandbox']) {
    writeFileSync(path.join(dir, name), binary);
    chmodSync(path.join(dir, name), 0o755);
  }
  writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<html></html>\n');
  writeFileSync(path.join(dir, 'version'), '41.7.1\n');
  return dir;
}

export interface BuiltDeb {
  deb: string;
  project: string;
  unpacked: string;
  work: string;
}

export async function buildTestDeb(): Promise<BuiltDeb> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'deb-test-'));
  const project = path.join(work, 'project');
  mkdirSync(project);
  for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(path.join(root, f), path.join(project, f));
  cpSync(path.join(root, 'native'), path.join(project, 'native'), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'));
  mkdirSync(path.join(project, 'dist/electron'), { recursive: true });
  mkdirSync(path.join(project, 'dist/renderer'), { recursive: true });
  writeFileSync(path.join(project, 'dist/electron/main.cjs'), '// stand-in main bundle\n');
  writeFileSync(path.join(project, 'dist/renderer/index.html'), '<!doctype html><title>stand-in</title>\n');
  await buildCli(path.join(project, 'dist/cli'));

  const electron = fakeElectron(path.join(work, 'electron-dist'));
  execFileSync(path.join(root, 'node_modules/.bin/electron-builder'), ['--config', 'electron-builder.yml', '--linux', '--dir', `-c.electronDist=${electron}`], {
    cwd: project,
    stdio: 'pipe',
    env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(work, 'eb-cache') },
  });
  const unpacked = path.join(project, 'release/linux-unpacked');
  const deb = buildDeb({ projectDir: project, unpackedDir: unpacked, outDir: path.join(work, 'out'), compression: 'none' });
  return { deb, project, unpacked, work };
}
