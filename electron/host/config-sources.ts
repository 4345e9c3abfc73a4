// Where each of the few per-machine settings comes from, so that `npm start`, kioskctl and
// the Electron shell agree on them and can say which source won. Precedence, lowest first:
//   built-in default → config file (BRANCH_KIOSK_CONFIG) → environment → command-line flag.
// The kiosk's data lives directly in its data dir (kiosk.sqlite, logs/, kioskctl.sock, the
// credentials); the lab hub `npm start` embeds keeps its data in <data dir>/hub.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, defaultConfig } from './config.js';

/** What the package installs; kioskctl reads it when BRANCH_KIOSK_CONFIG is not set. */
export const PACKAGED_CONFIG_FILE = '/etc/branch-kiosk/kiosk.json';
/** The embedded lab hub's directory inside the kiosk's data dir. */
export const EMBEDDED_HUB_DIR = 'hub';

export type SettingSource = 'flag' | 'env' | 'config file' | 'default';
export interface Setting<T> {
  value: T;
  from: SettingSource;
}

export interface ConfigSources {
  /** The config file read, or null. */
  file: string | null;
  /** The file's top-level keys as written (validated later, as a whole, by loadConfig). */
  fromFile: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
}

/**
 * Reads the config file once. `fallbackFile` (kioskctl: the packaged path) is used only when
 * BRANCH_KIOSK_CONFIG is unset and the file exists.
 */
export function readConfigSources(opts: { env?: NodeJS.ProcessEnv; file?: string | null; fallbackFile?: string } = {}): ConfigSources {
  const env = opts.env ?? process.env;
  const file = opts.file !== undefined ? opts.file : (env.BRANCH_KIOSK_CONFIG ?? (opts.fallbackFile && existsSync(opts.fallbackFile) ? opts.fallbackFile : null));
  if (!file) return { file: null, fromFile: {}, env };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read kiosk configuration ${file}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`kiosk configuration ${file} is not a JSON object`);
  return { file, fromFile: parsed as Record<string, unknown>, env };
}

const fileString = (sources: ConfigSources, key: string): string | undefined => {
  const v = sources.fromFile[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** The kiosk's data dir: --data-dir → BRANCH_KIOSK_DATA_DIR → config `dataDir` → .data/kiosk. */
export function resolveDataDir(sources: ConfigSources, flag?: string): Setting<string> {
  if (flag) return { value: path.resolve(flag), from: 'flag' };
  if (sources.env.BRANCH_KIOSK_DATA_DIR) return { value: path.resolve(sources.env.BRANCH_KIOSK_DATA_DIR), from: 'env' };
  const fromFile = fileString(sources, 'dataDir');
  if (fromFile) return { value: path.resolve(fromFile), from: 'config file' };
  return { value: path.resolve(defaultConfig.dataDir), from: 'default' };
}

/**
 * The hub URL someone configured: --hub-url → BRANCH_KIOSK_HUB_URL (empty: explicitly none)
 * → config `hubUrl` (null: explicitly none). Undefined when nobody said anything: the
 * built-in default is not a configuration.
 */
export function configuredHubUrl(sources: ConfigSources, flag?: string): Setting<string | null> | undefined {
  if (flag) return { value: flag, from: 'flag' };
  const env = sources.env.BRANCH_KIOSK_HUB_URL;
  if (env !== undefined) return { value: env === '' ? null : env, from: 'env' };
  if ('hubUrl' in sources.fromFile) {
    const v = sources.fromFile.hubUrl;
    if (v === null || v === '') return { value: null, from: 'config file' };
    if (typeof v === 'string') return { value: v, from: 'config file' };
  }
  return undefined;
}

/** The kiosk id someone configured (--kiosk → BRANCH_KIOSK_ID → config `kioskId`); never the built-in K01. */
export function configuredKioskId(sources: ConfigSources, flag?: string): Setting<string> | undefined {
  if (flag) return { value: flag, from: 'flag' };
  if (sources.env.BRANCH_KIOSK_ID) return { value: sources.env.BRANCH_KIOSK_ID, from: 'env' };
  const fromFile = fileString(sources, 'kioskId');
  return fromFile ? { value: fromFile, from: 'config file' } : undefined;
}

/** "from --kiosk", "from BRANCH_KIOSK_ID", "from /etc/branch-kiosk/kiosk.json" — for messages. */
export function describeSource(setting: Setting<unknown>, names: { flag: string; env: string }, sources: ConfigSources): string {
  if (setting.from === 'flag') return `from ${names.flag}`;
  if (setting.from === 'env') return `from ${names.env}`;
  if (setting.from === 'config file') return `from ${sources.file ?? 'the config file'}`;
  return 'built-in default';
}
