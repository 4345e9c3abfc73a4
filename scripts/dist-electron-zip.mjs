// Which Electron build `npm run dist` hands electron-builder (its `electronDist` option), so
// that packaging needs the internet only when no Electron is on the machine yet:
//   1. ELECTRON_DIST_ZIP=/path/electron-v<version>-<platform>-<arch>.zip (must exist);
//   2. the Electron download cache ($ELECTRON_CACHE, else $XDG_CACHE_HOME/electron or
//      ~/.cache/electron), flat or in @electron/get's per-URL subdirectories;
//   3. node_modules/electron/dist, when `npm install` downloaded that same version;
//   4. none: electron-builder downloads it, and we say exactly what to fetch and where to
//      put it for an offline build.
// Pure apart from the injected file-system probe, so the decision is unit-tested.
import path from 'node:path';

/** The zip name electron-builder and @electron/get use. */
export function electronZipName(version, platform, arch) {
  return `electron-v${version}-${platform}-${arch}.zip`;
}

/** Where the Electron download cache lives. */
export function electronCacheDir(env, home) {
  if (env.ELECTRON_CACHE) return env.ELECTRON_CACHE;
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(xdg, 'electron');
}

/**
 * @param {{ version: string, platform: string, arch: string, env: Record<string, string | undefined>, home: string, projectDir: string,
 *   fs: { isFile(p: string): boolean, isDir(p: string): boolean, readText(p: string): string | null, listDirs(p: string): string[] } }} o
 */
export function chooseElectronDist(o) {
  const zipName = electronZipName(o.version, o.platform, o.arch);
  const explicit = o.env.ELECTRON_DIST_ZIP;
  if (explicit) {
    const file = path.resolve(o.projectDir, explicit);
    if (!o.fs.isFile(file)) return { kind: 'error', message: `ELECTRON_DIST_ZIP=${explicit}: no such file` };
    if (path.basename(file) !== zipName) return { kind: 'error', message: `ELECTRON_DIST_ZIP=${explicit}: expected ${zipName} (Electron ${o.version} for ${o.platform}-${o.arch})` };
    return { kind: 'zip', path: file, source: 'ELECTRON_DIST_ZIP' };
  }
  const cache = electronCacheDir(o.env, o.home);
  const candidates = [path.join(cache, zipName), ...o.fs.listDirs(cache).map((d) => path.join(cache, d, zipName))];
  const cached = candidates.find((c) => o.fs.isFile(c));
  if (cached) return { kind: 'zip', path: cached, source: 'the Electron download cache' };

  const installed = path.join(o.projectDir, 'node_modules/electron/dist');
  const installedVersion = o.fs.readText(path.join(installed, 'version'))?.trim().replace(/^v/, '');
  const binary = o.platform === 'win32' ? 'electron.exe' : 'electron';
  const hostMatches = o.platform === process.platform && o.arch === process.arch;
  if (hostMatches && installedVersion === o.version && o.fs.isFile(path.join(installed, binary))) {
    return { kind: 'dir', path: installed, source: 'node_modules/electron (downloaded by npm install)' };
  }

  const url = `https://github.com/electron/electron/releases/download/v${o.version}/${zipName}`;
  return {
    kind: 'download',
    zipName,
    url,
    cacheDir: cache,
    message: [
      `No local Electron ${o.version} for ${o.platform}-${o.arch}: electron-builder will try to download it.`,
      'For an offline build, download on a connected machine:',
      `  ${url}`,
      `  (check it against SHASUMS256.txt from the same release page)`,
      'and put it at',
      `  ${path.join(cache, zipName)}`,
      'or anywhere, with ELECTRON_DIST_ZIP=/path/to/' + zipName + ' npm run dist',
    ].join('\n'),
  };
}
