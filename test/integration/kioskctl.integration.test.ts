// The technician's CLI against a running host: real process, real unix socket, simulated
// printer behind the device worker.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { STORE_FILE } from '../../electron/host/local-store.node.js';
import { SqliteDb } from '../../electron/host/sqlite.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { issueEnrollmentCode } from '../../hub/auth/enrollment.node.js';
import { startHub } from '../../hub/start-hub.node.js';
import { createTestSchema, TEST_DATABASE_URL } from '../../hub/testing/test-databases.node.js';
import { extract } from 'tar';
import { HOST_VERSION } from '../../electron/host/version.js';
import { generateKioskKeyPair } from '../../electron/host/request-signer.js';
import { SIGNATURE_SCHEME } from '../../protocol/kiosk-auth.js';

const cli = path.resolve('cli/kioskctl.mjs');
let host: KioskHost;
let dataDir: string;
const hasUdevadm = spawnSync('udevadm', ['--version']).error === undefined;

// Asynchronous on purpose: the host under test runs in this process and must keep answering.
function kioskctl(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return kioskctlIn(dataDir, {}, ...args);
}

/** The machine's own kiosk settings are not this test's: only what a test passes counts. */
const cleanEnv = (extra: Record<string, string>) => ({ ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRANCH_KIOSK_'))), ...extra });

function kioskctlIn(dir: string, env: Record<string, string>, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args, '--data-dir', dir], { env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-ctl-'));
  host = await startHost({ config: loadConfig({ env: {}, file: null, overrides: { kioskId: 'K31', dataDir, hubUrl: null } }), logger: silentLogger() });
  for (let i = 0; i < 150 && host.devices.list()[0]?.state !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
});
afterAll(async () => {
  await host?.close();
});

describe('kioskctl', () => {
  it('lists configured devices with health as JSON', async () => {
    const r = await kioskctl('devices', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { configured: { role: string; kind: string; health: { state: string } }[]; discovered: unknown[]; unavailable: { bus: string; reason: string }[] };
    expect(out.configured).toEqual([expect.objectContaining({ role: 'receipt', kind: 'receipt-printer', health: expect.objectContaining({ state: 'ready' }) })]);
    expect(Array.isArray(out.discovered)).toBe(true);
    const text = await kioskctl('devices');
    expect(text.stdout).toMatch(/receipt\s+receipt-printer\s+escpos\s+ready/);
    // Minimal images and containers have no udev: discovery says so instead of failing the command.
    if (!hasUdevadm) {
      expect(out.unavailable).toContainEqual({ bus: 'serial', reason: 'udevadm not found — install udev' });
      expect(text.stdout).toMatch(/discovery: (serial )?unavailable \(udevadm not found — install udev/);
    } else expect(out.unavailable.filter((u) => u.reason.includes('udevadm'))).toEqual([]);
  });

  it('prints its version', async () => {
    const r = await kioskctl('--version');
    expect(r).toEqual({ status: 0, stdout: `kioskctl ${HOST_VERSION}\n`, stderr: '' });
  });

  it('shows status: version, hub link, outbox and devices', async () => {
    const json = await kioskctl('status', '--json');
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      kioskId: 'K31',
      version: HOST_VERSION,
      hub: { url: null, online: false, enrolled: false },
      outbox: { backlog: expect.any(Number), deadLetters: 0, recentDeadLetters: [] },
      devices: [expect.objectContaining({ role: 'receipt', health: expect.objectContaining({ state: 'ready' }) })],
    });
    const text = await kioskctl('status');
    expect(text.stdout).toMatch(/^kiosk\s+K31\s+version /m);
    expect(text.stdout).toMatch(/^hub\s+none configured/m);
    expect(text.stdout).toMatch(/^outbox\s+\d+ waiting( \(oldest [^)]+\))?, 0 dead letters/m);
  });

  it('reopens a device on request, and names an unknown role', async () => {
    const ok = await kioskctl('retry', 'receipt');
    expect(ok).toMatchObject({ status: 0, stdout: 'receipt: ready\n' });
    const unknown = await kioskctl('retry', 'scanner');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('NO_DEVICE: no device with role scanner (configured: receipt)');
    expect((await kioskctl('retry')).status).toBe(2);
  });

  it('writes a diagnostics archive without secrets or card numbers in it', async () => {
    // What must never leave the kiosk: a PAN that slipped into a log line, a token, the private key.
    const pan = '6225880137706884';
    const token = 'tok_' + 'A'.repeat(40);
    const keys = generateKioskKeyPair();
    await openCredentialsStore({ dataDir }).save({ scheme: SIGNATURE_SCHEME, kioskId: 'K31', ...keys, enrolledAt: '2026-11-23T09:00:00.000Z' });
    mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    writeFileSync(path.join(dataDir, 'logs', 'kiosk.log'), [JSON.stringify({ level: 30, msg: `swipe ${pan} read`, staffToken: token }), JSON.stringify({ level: 40, code: 'PAPER_OUT', msg: `auth header Bearer ${token}` })].join('\n') + '\n', { mode: 0o600 });
    writeFileSync(path.join(dataDir, 'logs', 'kiosk.log.1'), JSON.stringify({ level: 30, msg: 'older line', idNumber: '11010519491231002X' }) + '\n', { mode: 0o600 });
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-diag-')), 'diag.tar.gz');
    const r = await kioskctl('diag', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    expect(r.stderr).toMatch(/^diag: asking the kiosk host/m);
    expect(r.stderr).toMatch(/^diag: log kiosk\.log: .* personal data removed$/m);
    expect(r.stderr).toMatch(/^diag: done: /m);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const unpacked = mkdtempSync(path.join(os.tmpdir(), 'bk-diag-x-'));
    await extract({ file: out, cwd: unpacked });
    expect(readdirSync(unpacked).sort()).toEqual(['config.json', 'device-health.json', 'logs', 'manifest.json', 'outbox.json', 'status.json', 'system.json', 'versions.json']);
    expect(readdirSync(path.join(unpacked, 'logs')).sort()).toEqual(['kiosk.log', 'kiosk.log.1']);
    const everything = ['config.json', 'device-health.json', 'manifest.json', 'outbox.json', 'status.json', 'system.json', 'versions.json', 'logs/kiosk.log', 'logs/kiosk.log.1'].map((f) => readFileSync(path.join(unpacked, f), 'utf8')).join('\n');
    for (const secret of [pan, token, keys.privateKeyPem.split('\n')[1]!, '11010519491231002X']) expect(everything).not.toContain(secret);
    expect(everything).toContain('PAPER_OUT');
    expect(JSON.parse(readFileSync(path.join(unpacked, 'status.json'), 'utf8'))).toMatchObject({ kioskId: 'K31', hub: { enrolled: true } });
    expect(JSON.parse(readFileSync(path.join(unpacked, 'system.json'), 'utf8'))).toMatchObject({ memory: { totalBytes: expect.any(Number) }, disk: { freeBytes: expect.any(Number) }, uptimeSeconds: expect.any(Number) });
    expect(JSON.parse(readFileSync(path.join(unpacked, 'device-health.json'), 'utf8'))).toContainEqual(expect.objectContaining({ role: 'receipt', state: 'ready' }));
  });

  it('prints a test page and reports a refused one with its reason', async () => {
    const ok = await kioskctl('print-test');
    expect(ok.stdout).toContain('test page printed on receipt');
    expect(ok.status).toBe(0);
    expect((await host.devices.simulator()!.waitForJob()).text).toContain('PRINTER TEST / 打印测试');

    host.devices.simulator()!.setPaper('out');
    const refused = await kioskctl('print-test', '--printer', 'receipt');
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('PAPER_OUT');
    host.devices.simulator()!.setPaper('ok');
  });

  it('streams device events live', async () => {
    const monitor = spawn(process.execPath, [cli, 'monitor', '--data-dir', dataDir]);
    let out = '';
    monitor.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/device\s+receipt →/);
    host.devices.simulator()!.setCoverOpen(true);
    await kioskctl('print-test');
    await expect.poll(() => out, { timeout: 15_000 }).toContain('receipt → attention (cover-open)');
    host.devices.simulator()!.setCoverOpen(false);
    monitor.kill('SIGINT');
  });

  it('says plainly when no host is running, with exit code 1', () => {
    const r = spawnSync(process.execPath, [cli, 'devices', '--data-dir', mkdtempSync(path.join(os.tmpdir(), 'bk-none-'))], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no kiosk host is running');
  });

  it('runs a stand-alone card reader simulator on a PTY that a driver can open', async () => {
    const sim = spawn(process.execPath, [cli, 'simulate', 'card']);
    let out = '';
    sim.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/magstripe reader \(msr-serial\) on (\S+)/);
    const ptyPath = /on (\S+)/.exec(out)![1]!;
    expect(existsSync(ptyPath)).toBe(true);
    sim.stdin.write('swipe\n');
    await expect.poll(() => out).toContain('swiped');
    sim.stdin.end('quit\n');
    await new Promise((r) => sim.on('close', r));
    expect(existsSync(ptyPath)).toBe(false);
    expect((await kioskctl('simulate', 'toaster')).status).toBe(2);
  });

  it('enrolls a kiosk with a one-time code, and refuses the code a second time', async () => {
    // The hub on the test PostgreSQL: an embedded PGlite costs ~2.4 s alone and most of this test under load.
    const database = await createTestSchema();
    const hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: 'memory://', databaseUrl: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}` });
    try {
      const { code } = await issueEnrollmentCode(hub.authStore, 'K32', 3600);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-enroll-'));
      const run = (c: string) => spawn(process.execPath, [cli, 'enroll', '--hub', hub.url, '--code', c, '--kiosk', 'K32', '--data-dir', dir]);
      const done = (child: ReturnType<typeof run>) =>
        new Promise<{ status: number | null; out: string }>((resolve) => {
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.on('close', (status) => resolve({ status, out }));
        });
      const first = await done(run(code));
      expect(first.status).toBe(0);
      expect(first.out).toContain('kiosk K32 enrolled');
      const saved = await openCredentialsStore({ dataDir: dir }).load();
      expect(saved?.kioskId).toBe('K32');
      expect(statSync(path.join(dir, 'kiosk-credentials.json')).mode & 0o777).toBe(0o600);
      const again = await done(run(code));
      expect(again.status).toBe(1);
      expect(again.out).toContain('refused');

      // No kiosk id anywhere: refused, never a silent K01.
      const noId = await kioskctlIn(dir, {}, 'enroll', '--hub', hub.url, '--code', 'ABCD-EFGH');
      expect(noId.status).toBe(2);
      expect(noId.stderr).toContain('no kiosk id: pass --kiosk ID or set "kioskId" in the config file');
      // The id and the hub from the config file, and the answer says where the id came from.
      const second = await issueEnrollmentCode(hub.authStore, 'K33', 3600);
      const configFile = path.join(dir, 'kiosk.json');
      writeFileSync(configFile, JSON.stringify({ kioskId: 'K33', hubUrl: hub.url }));
      const fromFile = await kioskctlIn(mkdtempSync(path.join(os.tmpdir(), 'bk-enroll-')), { BRANCH_KIOSK_CONFIG: configFile }, 'enroll', '--code', second.code);
      expect(fromFile.status, fromFile.stderr).toBe(0);
      expect(fromFile.stdout).toContain(`kiosk K33 enrolled with ${hub.url} (kiosk id from ${configFile})`);
    } finally {
      await hub.close();
      await database.drop();
    }
  });

  it('runs decode and udev as its own subcommands', async () => {
    const mrzFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-mrz-')), 'passport.txt');
    writeFileSync(mrzFile, 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n');
    const decoded = spawnSync(process.execPath, [cli, 'decode', 'mrz', mrzFile, '--json'], { encoding: 'utf8', env: cleanEnv({}) });
    expect(decoded.status, decoded.stderr).toBe(0);
    expect(JSON.parse(decoded.stdout)).toMatchObject({ ok: true, documentNumber: 'L898902C3', birthDate: '1974-08-12' });
    const rules = spawnSync(process.execPath, [cli, 'udev'], { encoding: 'utf8', env: cleanEnv({}) });
    expect(rules.status, rules.stderr).toBe(0);
    expect(rules.stdout).toContain('# Branch Kiosk udev rules, generated by `kioskctl udev`');
  });

  it('ends (and starts) maintenance on site: the flag the hub sets, audited with the technician', async () => {
    const outOfService = async () => ((await host.dispatch('kiosk.outOfService', {})) as { ok: true; result: { maintenance?: boolean } }).result.maintenance === true;
    expect(await kioskctl('maintenance')).toMatchObject({ status: 0, stdout: expect.stringContaining('maintenance: off') });
    const on = await kioskctlIn(dataDir, { USER: 'tech.li' }, 'maintenance', 'on');
    expect(on.status, on.stderr).toBe(0);
    expect(on.stdout).toContain('maintenance: on');
    expect(await outOfService()).toBe(true);
    // Survives a restart like the hub's command: the flag is on disk.
    expect(existsSync(path.join(dataDir, 'maintenance.json'))).toBe(true);
    const off = await kioskctl('maintenance', 'off');
    expect(off.stdout).toContain('maintenance: off');
    expect(await outOfService()).toBe(false);
    await expect.poll(() => existsSync(path.join(dataDir, 'maintenance.json'))).toBe(false);
    expect(await kioskctl('maintenance', 'maybe')).toMatchObject({ status: 2, stderr: expect.stringContaining('usage: kioskctl maintenance [on|off]') });
    // Both switches are in service mode's audit, with the technician the OS names.
    const audit = await SqliteDb.open(path.join(dataDir, STORE_FILE));
    try {
      const rows = await audit.all<{ technician: string; detail: string }>(`SELECT technician, detail FROM service_audit WHERE session_id = 'kioskctl' ORDER BY at`);
      expect(rows.map((r) => [r.technician, (JSON.parse(r.detail) as { kind: string }).kind])).toEqual([
        ['tech.li', 'enter-maintenance'],
        [expect.any(String), 'leave-maintenance'],
      ]);
    } finally {
      await audit.close();
    }
  });

  it('answers unknown commands with usage and exit code 2', async () => {
    const r = await kioskctl('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: kioskctl');
  });
});
