// `kioskctl udev` end to end through runUdev: config file in, rules out (stdout or a rules
// dir), udevadm asked to reload, and every failure a message with a non-zero exit code.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseUdevRules, valueOf } from '../test/packaging/udev-rules-parser.js';
import { runUdev, type UdevadmRunner } from './udev.node.js';

let dir = '';
let out = '';
let err = '';
const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s) };

function configFile(devices: unknown): string {
  const file = path.join(dir, 'kiosk.json');
  writeFileSync(file, JSON.stringify({ kioskId: 'K07', dataDir: path.join(dir, 'data'), hubUrl: null, devices }));
  return file;
}

const idcard = { role: 'idcard', kind: 'id-reader', driver: 'cn-id', transport: { type: 'usb-serial', vendorId: '10c4', productId: 'ea60' } };

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kioskctl-udev-'));
  out = '';
  err = '';
});

describe('runUdev', () => {
  it('prints the rules for the configured devices', async () => {
    const code = await runUdev(['--config', configFile([idcard])], io, { env: {} });
    expect(code).toBe(0);
    const named = parseUdevRules(out).filter((r) => valueOf(r, 'SYMLINK'));
    expect(named.map((r) => valueOf(r, 'SYMLINK'))).toEqual(['kiosk/idcard']);
    expect(out).toContain(path.join(dir, 'kiosk.json'));
  });

  it('reads BRANCH_KIOSK_CONFIG when no --config is given, as the packaged launcher sets it', async () => {
    const code = await runUdev([], io, { env: { BRANCH_KIOSK_CONFIG: configFile([idcard]) } });
    expect(code).toBe(0);
    expect(out).toContain('SYMLINK+="kiosk/idcard"');
  });

  it('installs 99-branch-kiosk.rules (0644) and reloads udev', async () => {
    const calls: string[][] = [];
    const udevadm: UdevadmRunner = (args) => (calls.push(args), { status: 0, stderr: '' });
    const rulesDir = path.join(dir, 'rules.d');
    const code = await runUdev(['--config', configFile([idcard]), '--install', '--rules-dir', rulesDir], io, { env: {}, udevadm });
    expect(code).toBe(0);
    const file = path.join(rulesDir, '99-branch-kiosk.rules');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readFileSync(file, 'utf8')).toContain('SYMLINK+="kiosk/idcard"');
    expect(calls).toEqual([
      ['control', '--reload'],
      ['trigger', '--action=add', '--subsystem-match=tty', '--subsystem-match=hidraw', '--subsystem-match=usbmisc'],
    ]);
    expect(err).toContain('/dev/kiosk/idcard');
    expect(out).toBe('');
  });

  it('still installs where udevadm is missing, and says when the rules take effect', async () => {
    const code = await runUdev(['--config', configFile([idcard]), '--install', '--rules-dir', dir], io, { env: {}, udevadm: () => null });
    expect(code).toBe(0);
    expect(err).toMatch(/udevadm not found.*next boot/);
  });

  it('fails with exit 1 when udevadm refuses', async () => {
    const udevadm: UdevadmRunner = () => ({ status: 2, stderr: 'Failed to send reload request: Permission denied' });
    const code = await runUdev(['--config', configFile([idcard]), '--install', '--rules-dir', dir], io, { env: {}, udevadm });
    expect(code).toBe(1);
    expect(err).toContain('Permission denied');
  });

  it('names the role of a config the generator cannot turn into rules (exit 1)', async () => {
    const passport = { role: 'passport', kind: 'id-reader', driver: 'mrz', transport: { type: 'serial', path: '/dev/kiosk/passport' } };
    const code = await runUdev(['--config', configFile([passport])], io, { env: {} });
    expect(code).toBe(1);
    expect(err).toMatch(/^kioskctl udev: devices\[passport\]: .*options.*usb/);
    expect(out).toBe('');
  });

  it('reports an invalid config file as such (exit 1)', async () => {
    const code = await runUdev(['--config', configFile([{ ...idcard, transport: { type: 'usb-serial', vendorId: 'xyz' } }])], io, { env: {} });
    expect(code).toBe(1);
    expect(err).toMatch(/invalid kiosk configuration.*devices\[idcard\]/);
  });

  it('answers a wrong option with the usage (exit 2)', async () => {
    expect(await runUdev(['--frobnicate'], io, { env: {} })).toBe(2);
    expect(err).toContain('usage: kioskctl udev');
  });
});
