// The technician's CLI against a running host: real process, real unix socket, simulated
// printer behind the device worker.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { issueEnrollmentCode } from '../../hub/auth/enrollment.node.js';
import { startHub } from '../../hub/start-hub.node.js';

const cli = path.resolve('cli/kioskctl.mjs');
let host: KioskHost;
let dataDir: string;

// Asynchronous on purpose: the host under test runs in this process and must keep answering.
function kioskctl(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args, '--data-dir', dataDir]);
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
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { configured: { role: string; kind: string; health: { state: string } }[]; discovered: unknown[] };
    expect(out.configured).toEqual([expect.objectContaining({ role: 'receipt', kind: 'receipt-printer', health: expect.objectContaining({ state: 'ready' }) })]);
    expect(Array.isArray(out.discovered)).toBe(true);
    expect((await kioskctl('devices')).stdout).toMatch(/receipt\s+receipt-printer\s+escpos\s+ready/);
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
    const hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: 'memory://' });
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
    } finally {
      await hub.close();
    }
  });

  it('answers unknown commands with usage and exit code 2', async () => {
    const r = await kioskctl('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: kioskctl');
  });
});
