// electron-builder.yml is the lockdown that ships: every fuse stated, no rebuild, the right
// entry point and targets. Also validated against electron-builder's own schema, offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

// app-builder-lib is electron-builder's engine; resolve it the way electron-builder does.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const scheme = fromBuilder('app-builder-lib/scheme.json') as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const noDebug = { isEnabled: false, add: () => undefined };

const expectedFuses = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

const section = (key: string) => config[key] as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('names the app and pins Electron to the installed version', () => {
    expect(config.appId).toBe('org.branchkiosk.kiosk');
    // The install dir is /opt/<productName>: no space (see the comment in the yml).
    expect(config.productName).toBe('branch-kiosk');
    expect((section('linux').desktop as { entry: { Name: string } }).entry.Name).toBe('Branch Kiosk');
    expect(section('nsis').shortcutName).toBe('Branch Kiosk');
    expect(config.electronVersion).toBe('41.7.1');
    expect(pkg.devDependencies.electron).toBe(config.electronVersion);
  });

  it('does not rebuild native modules and packs the app into an asar', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('ships the bundles, package.json and production node_modules, starting at main.cjs', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json', 'node_modules/**/*']));
    expect((config.files as string[]).some((f) => /^(electron|renderer|src|test|scripts)\//.test(f))).toBe(false);
    expect(section('extraMetadata').main).toBe('dist/electron/main.cjs');
  });

  it('states every fuse with its locked-down value', () => {
    expect(section('electronFuses')).toEqual(expectedFuses);
  });

  it('covers every fuse electron-builder knows, so a new one cannot be left unset', () => {
    // resetAdHocDarwinSignature is a macOS signing step, not a fuse.
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties).filter((k) => k !== 'resetAdHocDarwinSignature');
    expect(Object.keys(section('electronFuses')).sort()).toEqual(known.sort());
  });

  it('keeps the kioskctl bundle out of the asar and ships it as an extra resource', () => {
    expect(config.files).toContain('!dist/cli{,/**/*}');
    expect(config.extraResources).toEqual([{ from: 'dist/cli', to: 'cli', filter: ['**/*'] }]);
  });

  it('builds AppImage and deb for Linux with the CJK font, and NSIS for Windows', () => {
    const linux = section('linux');
    expect(linux.target).toEqual(['AppImage', 'deb']);
    expect(linux.category).toEqual(expect.any(String));
    expect(linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
    const depends = section('deb').depends as string[];
    expect(depends).toContain('fonts-noto-cjk');
    // Read-aloud needs a speech service and an engine with Chinese and English voices (issue 12 #10).
    expect(depends).toEqual(expect.arrayContaining(['speech-dispatcher', 'speech-dispatcher-espeak-ng', 'espeak-ng']));
    // Setting depends replaces electron-builder's list, so Electron's own libraries must be there.
    expect(depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libxss1', 'libxtst6']));
    expect(section('win').target).toBe('nsis');
  });

  it("passes electron-builder's configuration schema", async () => {
    await expect(validateConfiguration(config, noDebug)).resolves.toBeUndefined();
  });

  it('would be rejected by that schema with a misspelt fuse (the check is real)', async () => {
    const misspelt = { ...config, electronFuses: { ...expectedFuses, runAsNod: false } };
    await expect(validateConfiguration(misspelt, noDebug)).rejects.toThrow(/configuration/i);
  });
});
