// Types for scripts/dist-electron-zip.mjs (plain ESM so `npm run dist` needs no TypeScript).
export interface DistFs {
  isFile(p: string): boolean;
  isDir(p: string): boolean;
  readText(p: string): string | null;
  listDirs(p: string): string[];
}

export type ElectronDistChoice =
  | { kind: 'zip'; path: string; source: string }
  | { kind: 'dir'; path: string; source: string }
  | { kind: 'download'; zipName: string; url: string; cacheDir: string; message: string }
  | { kind: 'error'; message: string };

export function electronZipName(version: string, platform: string, arch: string): string;
export function electronCacheDir(env: Record<string, string | undefined>, home: string): string;
export function chooseElectronDist(o: { version: string; platform: string; arch: string; env: Record<string, string | undefined>; home: string; projectDir: string; fs: DistFs }): ElectronDistChoice;
