// Which Electron `npm run dist` packages, decided over a fake file system: an explicit zip,
// the download cache (flat or @electron/get's hashed subdirectories), node_modules/electron,
// or a message that says exactly what to download and where to put it.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { chooseElectronDist, electronCacheDir, type DistFs } from '../../scripts/dist-electron-zip.mjs';

const root = path.resolve(import.meta.dirname, '../..');

function fakeFs(files: Record<string, string>): DistFs {
  const all = Object.keys(files);
  return {
    isFile: (p) => p in files,
    isDir: (p) => all.some((f) => f.startsWith(`${p}/`)),
    readText: (p) => files[p] ?? null,
    listDirs: (p) => [...new Set(all.filter((f) => f.startsWith(`${p}/`)).map((f) => f.slice(p.length + 1).split('/')).filter((parts) => parts.length > 1).map((parts) => parts[0] ?? ''))],
  };
}

const base = { version: '41.7.1', platform: 'linux', arch: 'x64', home: '/home/tech', projectDir: '/src/kiosk' };
const zip = 'electron-v41.7.1-linux-x64.zip';

describe('chooseElectronDist', () => {
  it('uses ELECTRON_DIST_ZIP first, resolved against the project', () => {
    const choice = chooseElectronDist({ ...base, env: { ELECTRON_DIST_ZIP: `../downloads/${zip}` }, fs: fakeFs({ [`/src/downloads/${zip}`]: '' }) });
    expect(choice).toEqual({ kind: 'zip', path: `/src/downloads/${zip}`, source: 'ELECTRON_DIST_ZIP' });
  });

  it('refuses an ELECTRON_DIST_ZIP that is missing or for another version, instead of downloading behind it', () => {
    expect(chooseElectronDist({ ...base, env: { ELECTRON_DIST_ZIP: `/x/${zip}` }, fs: fakeFs({}) })).toEqual({ kind: 'error', message: `ELECTRON_DIST_ZIP=/x/${zip}: no such file` });
    const other = chooseElectronDist({ ...base, env: { ELECTRON_DIST_ZIP: '/x/electron-v40.0.0-linux-x64.zip' }, fs: fakeFs({ '/x/electron-v40.0.0-linux-x64.zip': '' }) });
    expect(other.kind).toBe('error');
    expect(other.kind === 'error' && other.message).toContain(`expected ${zip}`);
  });

  it('finds the zip in ~/.cache/electron, flat or in a per-URL subdirectory', () => {
    const flat = chooseElectronDist({ ...base, env: {}, fs: fakeFs({ [`/home/tech/.cache/electron/${zip}`]: '' }) });
    expect(flat).toEqual({ kind: 'zip', path: `/home/tech/.cache/electron/${zip}`, source: 'the Electron download cache' });
    const hashed = chooseElectronDist({ ...base, env: {}, fs: fakeFs({ [`/home/tech/.cache/electron/3f2a9c/${zip}`]: '' }) });
    expect(hashed.kind === 'zip' && hashed.path).toBe(`/home/tech/.cache/electron/3f2a9c/${zip}`);
  });

  it('honours ELECTRON_CACHE and XDG_CACHE_HOME for the cache location', () => {
    expect(electronCacheDir({ ELECTRON_CACHE: '/var/cache/el' }, '/home/tech')).toBe('/var/cache/el');
    expect(electronCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/tech')).toBe('/xdg/electron');
    expect(electronCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/tech')).toBe('/home/tech/.cache/electron');
  });

  it('uses node_modules/electron/dist only when it is the same version for this machine', () => {
    const dist = '/src/kiosk/node_modules/electron/dist';
    const files = { [`${dist}/version`]: 'v41.7.1\n', [`${dist}/electron`]: '' };
    const here = { ...base, platform: process.platform, arch: process.arch, env: {} };
    expect(chooseElectronDist({ ...here, fs: fakeFs(files) })).toMatchObject({ kind: 'dir', path: dist });
    expect(chooseElectronDist({ ...here, fs: fakeFs({ ...files, [`${dist}/version`]: '40.1.0' }) }).kind).toBe('download');
    expect(chooseElectronDist({ ...here, platform: 'win32', fs: fakeFs(files) }).kind).toBe('download');
  });

  it('without any, names the exact file, its URL and where to put it', () => {
    const choice = chooseElectronDist({ ...base, env: {}, fs: fakeFs({}) });
    expect(choice.kind).toBe('download');
    if (choice.kind !== 'download') return;
    expect(choice.url).toBe(`https://github.com/electron/electron/releases/download/v41.7.1/${zip}`);
    expect(choice.message).toContain(choice.url);
    expect(choice.message).toContain(`/home/tech/.cache/electron/${zip}`);
    expect(choice.message).toContain('ELECTRON_DIST_ZIP=');
  });
});

describe('npm run dist -- --dry-run', () => {
  const dryRun = (env: Record<string, string>) =>
    spawnSync(process.execPath, [path.join(root, 'scripts/dist.mjs'), '--dry-run', '--offline'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

  it('says which Electron it packages and passes it to electron-builder as electronDist', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'electron-cache-'));
    mkdirSync(path.join(cache, 'abc123'));
    writeFileSync(path.join(cache, 'abc123', zip), '');
    const r = dryRun({ HOME: '/nonexistent', ELECTRON_CACHE: cache });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Using Electron 41.7.1 from the Electron download cache: ${path.join(cache, 'abc123', zip)}`);
    expect(r.stdout).toMatch(new RegExp(`electron-builder --config electron-builder.yml --linux --dir -c\\.electronDist=${path.join(cache, 'abc123', zip).replaceAll('.', '\\.')}`));
    expect(r.stdout).toContain('scripts/dist-deb.mjs --unpacked release/linux-unpacked');
  });

  it('without a local Electron, says what to download and lets electron-builder try; refuses --offline', () => {
    // A Windows build never uses this machine's node_modules/electron, so nothing local exists.
    const env = { HOME: '/nonexistent', ELECTRON_CACHE: '/nonexistent/cache' };
    const online = spawnSync(process.execPath, [path.join(root, 'scripts/dist.mjs'), '--dry-run', '--win'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    expect(online.status).toBe(0);
    expect(online.stdout).toContain('https://github.com/electron/electron/releases/download/v41.7.1/electron-v41.7.1-win32-x64.zip');
    expect(online.stdout).toContain('/nonexistent/cache/electron-v41.7.1-win32-x64.zip');
    expect(online.stdout).not.toContain('electronDist');
    const offline = spawnSync(process.execPath, [path.join(root, 'scripts/dist.mjs'), '--dry-run', '--win', '--offline'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    expect(offline.status).toBe(1);
    expect(offline.stderr).toContain('--offline needs a local Electron');
  });
});
