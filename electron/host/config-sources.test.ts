import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { configuredHubUrl, configuredKioskId, readConfigSources, resolveDataDir } from './config-sources.js';

function configFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-src-')), 'kiosk.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('config sources: file → env → flag, later wins', () => {
  const file = configFile({ kioskId: 'K21', dataDir: '/var/lib/branch-kiosk', hubUrl: 'https://hub.bank.example:8443' });

  it('takes each setting from the config file when nothing else says', () => {
    const s = readConfigSources({ env: { BRANCH_KIOSK_CONFIG: file } });
    expect(resolveDataDir(s)).toEqual({ value: '/var/lib/branch-kiosk', from: 'config file' });
    expect(configuredHubUrl(s)).toEqual({ value: 'https://hub.bank.example:8443', from: 'config file' });
    expect(configuredKioskId(s)).toEqual({ value: 'K21', from: 'config file' });
  });

  it('lets the environment override the file, and a flag override both', () => {
    const s = readConfigSources({ env: { BRANCH_KIOSK_CONFIG: file, BRANCH_KIOSK_DATA_DIR: '/srv/kiosk', BRANCH_KIOSK_HUB_URL: 'https://other.example', BRANCH_KIOSK_ID: 'K22' } });
    expect(resolveDataDir(s)).toEqual({ value: '/srv/kiosk', from: 'env' });
    expect(configuredHubUrl(s)?.value).toBe('https://other.example');
    expect(configuredKioskId(s)).toEqual({ value: 'K22', from: 'env' });
    expect(resolveDataDir(s, 'D')).toEqual({ value: path.resolve('D'), from: 'flag' });
    expect(configuredHubUrl(s, 'https://flag.example')).toEqual({ value: 'https://flag.example', from: 'flag' });
    expect(configuredKioskId(s, 'K23')).toEqual({ value: 'K23', from: 'flag' });
  });

  it('treats an empty BRANCH_KIOSK_HUB_URL or a null hubUrl as "explicitly none", and the built-ins as nothing configured', () => {
    expect(configuredHubUrl(readConfigSources({ env: { BRANCH_KIOSK_CONFIG: file, BRANCH_KIOSK_HUB_URL: '' } }))).toEqual({ value: null, from: 'env' });
    expect(configuredHubUrl(readConfigSources({ env: {}, file: configFile({ hubUrl: null }) }))).toEqual({ value: null, from: 'config file' });
    const bare = readConfigSources({ env: {}, file: null });
    expect(configuredHubUrl(bare)).toBeUndefined();
    expect(configuredKioskId(bare)).toBeUndefined();
    expect(resolveDataDir(bare)).toEqual({ value: path.resolve('.data/kiosk'), from: 'default' });
  });

  it('reads the packaged config only when BRANCH_KIOSK_CONFIG is unset and it exists', () => {
    expect(readConfigSources({ env: {}, fallbackFile: file }).file).toBe(file);
    expect(readConfigSources({ env: {}, fallbackFile: '/nonexistent/kiosk.json' }).file).toBeNull();
  });

  it('names an unreadable or non-object file', () => {
    expect(() => readConfigSources({ env: {}, file: '/nonexistent/kiosk.json' })).toThrow(ConfigError);
    expect(() => readConfigSources({ env: {}, file: configFile([1, 2]) })).toThrow(/is not a JSON object/);
  });
});
