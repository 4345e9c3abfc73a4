// `kioskctl udev`: udev rules for the configured devices (cli/udev-rules.ts).
//   kioskctl udev [--config FILE]              print the rules
//   kioskctl udev --install [--rules-dir DIR]  write DIR/99-branch-kiosk.rules (default
//                                              /etc/udev/rules.d) and ask udev to apply them
// Installing needs root; the packaged /usr/bin/kioskctl runs `udev` as the caller for that reason.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../electron/host/config.js';
import { generateUdevRules, RULES_FILE_NAME, UdevConfigError } from './udev-rules.js';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

export const UDEV_USAGE = 'usage: kioskctl udev [--config FILE] [--install [--rules-dir DIR] [--no-reload]]';

/** Runs `udevadm`; injectable so tests need no udev. Returns null when udevadm is absent. */
export type UdevadmRunner = (args: string[]) => { status: number | null; stderr: string } | null;

const systemUdevadm: UdevadmRunner = (args) => {
  const r = spawnSync('udevadm', args, { encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  return { status: r.status, stderr: r.stderr ?? '' };
};

/** Write-then-rename, so udev never reads a half-written rules file. */
function writeRules(dir: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, RULES_FILE_NAME);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o644 });
  chmodSync(tmp, 0o644);
  renameSync(tmp, file);
  return file;
}

function reload(udevadm: UdevadmRunner, io: CliIo): boolean {
  const steps = [
    ['control', '--reload'],
    ['trigger', '--action=add', '--subsystem-match=tty', '--subsystem-match=hidraw', '--subsystem-match=usbmisc'],
  ];
  for (const args of steps) {
    const r = udevadm(args);
    if (r === null) {
      io.stderr('udevadm not found: the rules apply from the next boot (install udev to apply them now)\n');
      return true;
    }
    if (r.status !== 0) {
      io.stderr(`udevadm ${args.join(' ')} failed: ${r.stderr.trim() || `exit ${r.status}`}\n`);
      return false;
    }
  }
  io.stderr('udev reloaded; replug a device if its /dev/kiosk name does not appear\n');
  return true;
}

export async function runUdev(argv: string[], io: CliIo, deps: { env?: NodeJS.ProcessEnv; udevadm?: UdevadmRunner } = {}): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        install: { type: 'boolean', default: false },
        'rules-dir': { type: 'string', default: '/etc/udev/rules.d' },
        'no-reload': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${UDEV_USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    io.stdout(`${UDEV_USAGE}\n`);
    return 0;
  }
  const env = deps.env ?? process.env;
  const source = opts.config ?? env.BRANCH_KIOSK_CONFIG ?? 'the built-in default configuration';
  try {
    const config = loadConfig({ env, file: opts.config ?? null });
    const rules = generateUdevRules(config.devices, source);
    for (const s of rules.skipped) io.stderr(`${s.role}: ${s.reason}\n`);
    if (!opts.install) {
      io.stdout(rules.text);
      return 0;
    }
    const file = writeRules(opts['rules-dir'], rules.text);
    io.stderr(`wrote ${file}: ${rules.roles.map((r) => `/dev/${r.symlink}`).join(', ') || 'no role names'}\n`);
    if (opts['no-reload']) return 0;
    return reload(deps.udevadm ?? systemUdevadm, io) ? 0 : 1;
  } catch (err) {
    if (err instanceof UdevConfigError || err instanceof ConfigError) {
      io.stderr(`kioskctl udev: ${err.message}\n`);
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EPERM') {
      io.stderr(`kioskctl udev: ${e.message} — installing rules needs root (sudo kioskctl udev --install)\n`);
      return 1;
    }
    throw err;
  }
}
