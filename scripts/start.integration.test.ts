// `npm start` as a technician and the packaged unit run it: real process, real embedded hub,
// real kiosk host. Output is piped (not a terminal), as under systemd.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const hasUdevadm = spawnSync('udevadm', ['--version']).error === undefined;
const cli = path.join(root, 'cli/kioskctl.mjs');
const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'bk-page-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');

/** The caller's environment without any kiosk or hub settings of its own. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRANCH_KIOSK_') && !k.startsWith('HUB_') && k !== 'DATABASE_URL' && k !== 'DISPLAY' && k !== 'WAYLAND_DISPLAY'));
  return { ...env, BRANCH_KIOSK_RENDERER_DIR: rendererDir, ...extra };
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [...(command.endsWith('.ts') ? ['--import', 'tsx'] : []), command, ...args], { cwd: root, env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

const npmStart = (args: string[], env: NodeJS.ProcessEnv) => run(path.join(root, 'scripts/start.ts'), ['--no-open', '--no-build', '--port', '0', '--hub-port', '0', ...args], env);

async function kioskctl(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const r = run(cli, args, env);
  const status = await r.exited;
  return { status, stdout: r.out(), stderr: r.err() };
}

/** Waits for a line on stdout; fails with the process's output if it ends first. */
async function waitFor(r: Running, pattern: RegExp): Promise<void> {
  await Promise.race([
    expect.poll(() => r.out(), { timeout: 90_000, interval: 100 }).toMatch(pattern),
    r.exited.then((code) => {
      throw new Error(`npm start exited (${code}) before ${pattern}:\n${r.out()}\n${r.err()}`);
    }),
  ]);
}

const mode = (f: string) => statSync(f).mode & 0o777;

describe('npm start: settings refused before anything starts', () => {
  it('prints only the named config error and exits 1 (no logger crash trace)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-start-'));
    const config = path.join(dir, 'kiosk.json');
    writeFileSync(config, JSON.stringify({ devices: [{ role: 'scanner', kind: 'barcode-scanner', driver: 'foo', transport: { type: 'serial', path: '/dev/ttyACM0' } }] }));
    const r = npmStart(['--data-dir', path.join(dir, 'data')], cleanEnv({ BRANCH_KIOSK_CONFIG: config }));
    expect(await r.exited).toBe(1);
    expect(r.out()).toBe('');
    expect(r.err().trim().split('\n')).toEqual([expect.stringMatching(/^npm start: invalid kiosk configuration — devices\[scanner\]\.driver: unknown driver "foo" \(known: escpos, /)]);
    expect(r.err()).not.toMatch(/sonic boom|\n\s+at /);
  });

  it('refuses --host-only without a hub URL, and a short HUB_STAFF_TOKEN', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-start-'));
    const hostOnly = npmStart(['--host-only', '--data-dir', dir], cleanEnv());
    expect(await hostOnly.exited).toBe(1);
    expect(hostOnly.err()).toMatch(/^npm start: --host-only runs against a hub, and none is configured: set "hubUrl" in the config file/);
    const shortToken = npmStart(['--data-dir', dir], cleanEnv({ HUB_STAFF_TOKEN: 'abc' }));
    expect(await shortToken.exited).toBe(1);
    expect(shortToken.err()).toContain('npm start: HUB_STAFF_TOKEN is 3 characters; it must be at least 32');
  });
});

describe('npm start with an embedded hub', () => {
  it('keeps the kiosk directly in --data-dir (hub in DIR/hub), writes the staff token to a 0600 file, answers kioskctl there, and stops with a monitor attached', async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-start-')), 'D');
    const env = cleanEnv();
    const start = npmStart(['--data-dir', dataDir], env);
    try {
      await waitFor(start, /Press Ctrl\+C to stop\./);
      const tokenFile = path.join(dataDir, 'hub', 'staff-token');
      expect(start.out()).toContain(`staff token  in ${tokenFile} (mode 0600)`);
      const token = readFileSync(tokenFile, 'utf8').trim();
      expect(token.length).toBeGreaterThanOrEqual(32);
      expect(mode(tokenFile)).toBe(0o600);
      expect(start.out() + start.err()).not.toContain(token);
      // No devices in a config file: the demo set, with what bill payment needs (socat is a test prerequisite).
      expect(start.out()).toMatch(/card-reader\s+card: simulated magstripe reader on \S+ \(ready\)/);
      expect(start.out()).toMatch(/pin-pad\s+pinpad: simulated PIN pad on \S+ \(ready\)/);
      expect(start.out()).toMatch(/barcode-scanner scanner: simulated barcode scanner on \S+ \(ready\)/);

      expect(existsSync(path.join(dataDir, 'kiosk.sqlite'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'kiosk'))).toBe(false);
      expect(mode(path.join(dataDir, 'kiosk.sqlite'))).toBe(0o600);
      expect(mode(path.join(dataDir, 'logs', 'kiosk.log'))).toBe(0o600);
      expect(mode(path.join(dataDir, 'logs', 'hub.log'))).toBe(0o600);
      expect(mode(path.join(dataDir, 'kiosk-credentials.json'))).toBe(0o600);

      // kioskctl finds the same kiosk through BRANCH_KIOSK_DATA_DIR, as the packaged wrapper sets it.
      const status = await kioskctl(['status', '--json'], { ...env, BRANCH_KIOSK_DATA_DIR: dataDir });
      expect(status.status, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ kioskId: 'K01', hub: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), enrolled: true } });

      const monitor = run(cli, ['monitor', '--data-dir', dataDir], env);
      await expect.poll(() => monitor.out(), { timeout: 30_000 }).toMatch(/device\s+receipt →/);
      start.child.kill('SIGTERM');
      expect(await start.exited).toBe(0);
      expect(start.out()).toContain('Stopped.');
      // Hot-plug discovery without udev: said once in the log (the poll kept going every 2 s), never a crash.
      const discoveryWarnings = readFileSync(path.join(dataDir, 'logs', 'kiosk.log'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('device discovery: hot-plug is not seen'));
      expect(discoveryWarnings.length).toBe(hasUdevadm ? 0 : 1);
      if (!hasUdevadm) expect(discoveryWarnings[0]).toContain('udevadm not found — install udev');
      // The monitor sees the host go away and ends by itself.
      expect(await monitor.exited).toBe(0);
    } finally {
      if (start.child.exitCode === null) start.child.kill('SIGKILL');
    }
  });
});

describe('npm start against a configured hub', () => {
  const hubFile = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-start-'));
    const config = path.join(dir, 'kiosk.json');
    writeFileSync(config, JSON.stringify({ kioskId: 'K51', hubUrl: 'http://127.0.0.1:9' }));
    return { dir, config };
  };

  it('--no-hub keeps the config file\'s hubUrl', async () => {
    const { dir, config } = hubFile();
    const start = npmStart(['--no-hub', '--data-dir', dir], cleanEnv({ BRANCH_KIOSK_CONFIG: config }));
    try {
      await waitFor(start, /Press Ctrl\+C to stop\./);
      expect(start.out()).toContain(`hub          http://127.0.0.1:9 (from ${config})`);
      expect(start.out()).not.toContain('staff token');
      expect(existsSync(path.join(dir, 'hub'))).toBe(false);
    } finally {
      start.child.kill('SIGTERM');
      await start.exited;
    }
  });

  it('--host-only runs host and page server against the hub the environment names, opening nothing', async () => {
    const { dir, config } = hubFile();
    const start = npmStart(['--host-only', '--data-dir', dir], cleanEnv({ BRANCH_KIOSK_CONFIG: config, BRANCH_KIOSK_HUB_URL: 'http://127.0.0.1:7' }));
    try {
      await waitFor(start, /Press Ctrl\+C to stop\./);
      expect(start.out()).toContain('hub          http://127.0.0.1:7 (from BRANCH_KIOSK_HUB_URL)');
      expect(start.out()).toMatch(/kiosk page\s+http:\/\/127\.0\.0\.1:\d+/);
      expect(start.out()).not.toMatch(/no display|Chromium|Electron/);
    } finally {
      start.child.kill('SIGTERM');
      await start.exited;
    }
  });
});
