// Production enrollment end to end: `kioskctl enroll` (plain Node) writes the credentials,
// the Electron shell (the real main.ts against a fake Electron with a working safeStorage)
// opens them, re-seals them with safeStorage, and its signed requests are accepted by a hub
// with authentication on.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enroll } from '../cli/enroll.node.js';
import { readConfigSources } from './host/config-sources.js';
import { CREDENTIALS_FILE } from './host/kiosk-credentials.node.js';
import { issueEnrollmentCode } from '../hub/auth/enrollment.node.js';
import { startHub, type RunningHub } from '../hub/start-hub.node.js';

const h = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { createFakeElectron } = await import('./shell/fake-electron.js');
  const appPath = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-app-'));
  fs.mkdirSync(path.join(appPath, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>kiosk</title>');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-data-'));
  return { fake: createFakeElectron({ appPath }), dataDir, credentialsFile: path.join(dataDir, 'kiosk-credentials.json'), hub: { url: '' } };
});

vi.mock('electron', () => h.fake.module);
// The fake utilityProcess starts nothing; the device worker runs as a Node child instead.
vi.mock('./shell/utility-worker-launcher.js', async () => {
  const { nodeWorkerLauncher } = await import('./host/devices/worker-launcher.node.js');
  return { utilityWorkerLauncher: () => nodeWorkerLauncher() };
});
vi.mock('./host/config.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./host/config.js')>();
  return { ...real, loadConfig: () => real.parseConfig({ ...real.defaultConfig, kioskId: 'K41', dataDir: h.dataDir, hubUrl: h.hub.url, syncIntervalMs: 200 }) };
});

let hub: RunningHub;
let close: (() => Promise<void>) | null = null;

beforeAll(async () => {
  hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: 'memory://' });
  h.hub.url = hub.url;
});
afterAll(async () => {
  await close?.();
  await hub?.close();
});

describe('credentials enrolled by kioskctl, used by the Electron shell', () => {
  it('opens the file-0600 store kioskctl wrote, re-seals it with safeStorage, and signs hub requests with it', async () => {
    expect(CREDENTIALS_FILE).toBe('kiosk-credentials.json');
    const { code } = await issueEnrollmentCode(hub.authStore, 'K41', 3600);
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s) };
    const sources = readConfigSources({ env: {}, file: null });
    const status = await enroll({ hub: { value: hub.url, from: 'flag' }, kiosk: { value: 'K41', from: 'flag' }, code, dataDir: h.dataDir, sources, io });
    expect(status, out.join('')).toBe(0);
    const written = JSON.parse(readFileSync(h.credentialsFile, 'utf8')) as { protection: string; sealed: string };
    expect(written.protection).toBe('file-0600');

    const { started } = await import('./main.js');
    h.fake.fireReady();
    const handle = await started;
    expect(handle).not.toBeNull();
    close = () => handle!.host.close();

    // Signed sync with a hub that refuses unsigned requests: online only if the key was read.
    await expect
      .poll(async () => ((await handle!.host.dispatch('sync.status', {})) as { ok: boolean; result?: { online: boolean } }).result?.online, { timeout: 30_000 })
      .toBe(true);
    const resealed = JSON.parse(readFileSync(h.credentialsFile, 'utf8')) as { protection: string; sealed: string };
    expect(resealed.protection).toBe('electron-safe-storage');
    expect(resealed.sealed).not.toContain('PRIVATE KEY');
    expect(Buffer.from(resealed.sealed, 'base64').toString()).not.toContain('PRIVATE KEY');
  });
});
