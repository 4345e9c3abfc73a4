// `npm start`, the main job: hub (embedded DB) + kiosk host with simulated devices + the
// kiosk page, opened in Electron if its binary is here, else in Chromium's app mode if a
// display exists, else printed as a URL. Ctrl+C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../electron/host/config.js';
import { createLogger } from '../electron/host/log.node.js';
import { servePage } from '../electron/host/page-server.node.js';
import { startHost } from '../electron/host/start-host.node.js';
import { enrollLocalKiosk } from '../hub/auth/enroll-local.node.js';
import { startHub, type RunningHub } from '../hub/start-hub.node.js';
import { openCredentialsStore } from '../electron/host/kiosk-credentials.node.js';
import { electronBinary, ensureBuilt, freePort } from './start-helpers.js';

const { values: args } = parseArgs({
  options: {
    'no-open': { type: 'boolean', default: false },
    'no-hub': { type: 'boolean', default: false },
    'hub-port': { type: 'string', default: process.env.HUB_PORT ?? '8080' },
    port: { type: 'string', default: process.env.BRANCH_KIOSK_PORT ?? '8420' },
    'data-dir': { type: 'string', default: process.env.BRANCH_KIOSK_DATA_DIR ?? '.data' },
  },
});

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(args['data-dir']);
const logFile = path.join(dataDir, 'logs', 'kiosk.log');
const log = createLogger({ level: process.env.BRANCH_KIOSK_LOG_LEVEL ?? 'info', destination: logFile });
const stops: (() => Promise<unknown> | void)[] = [];
let child: ChildProcess | null = null;

/** Relative to the working directory when inside it, else absolute. */
const shortPath = (p: string): string => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p));

async function main(): Promise<void> {
  console.log('Branch Kiosk — starting (logs: %s)', shortPath(logFile));
  await ensureBuilt(root);

  let hubUrl: string | null = process.env.BRANCH_KIOSK_HUB_URL ?? null;
  let hub: RunningHub | null = null;
  if (!args['no-hub'] && !hubUrl) {
    const hubPort = await freePort(Number(args['hub-port']));
    // Per-launch staff token unless one is given: the lab hub is never left open.
    const staffToken = process.env.HUB_STAFF_TOKEN ?? randomBytes(32).toString('base64url');
    hub = await startHub({
      port: hubPort,
      host: '127.0.0.1',
      dataDir: path.join(dataDir, 'hub'),
      databaseUrl: process.env.DATABASE_URL,
      logger: log.child({ svc: 'hub' }),
      auth: { tokens: { staffToken, adminToken: process.env.HUB_ADMIN_TOKEN } },
    });
    const running = hub;
    stops.push(() => running.close());
    hubUrl = hub.url;
    console.log('  hub          %s  (%s)', hub.url, process.env.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${shortPath(path.join(dataDir, 'hub'))}`);
    console.log('  console      %s/console/  (expert and supervisor web console)', hub.url);
    console.log('  staff token  %s  (curl -H "authorization: Bearer …" %s/v1/transactions?kioskId=K01)', staffToken, hub.url);
  }

  const config = loadConfig({ overrides: { dataDir: path.join(dataDir, 'kiosk'), hubUrl } });
  if (hub) {
    // The embedded hub enrolls its own kiosk; a real branch enrolls with kioskctl enroll.
    mkdirSync(config.dataDir, { recursive: true });
    await openCredentialsStore({ dataDir: config.dataDir }).save(await enrollLocalKiosk(hub, config.kioskId));
  }
  const electron = electronBinary(root);
  if (electron && !args['no-open']) {
    console.log('  kiosk shell  Electron %s', electron);
    child = spawn(electron, [path.join(root, 'dist/electron/main.cjs')], {
      stdio: 'inherit',
      env: { ...process.env, BRANCH_KIOSK_HUB_URL: hubUrl ?? '', BRANCH_KIOSK_DATA_DIR: config.dataDir },
    });
    child.on('exit', (code) => void shutdown(code ?? 0));
    return;
  }

  const host = await startHost({ config, logger: log.child({ svc: 'host' }) });
  stops.unshift(() => host.close());
  const page = await servePage({ host, rendererDir: path.join(root, 'dist/renderer'), port: await freePort(Number(args.port)), log });
  stops.unshift(() => page.close());
  for (const line of host.describe()) console.log('  %s', line);
  console.log('  kiosk page   %s', page.url);

  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!args['no-open'] && display && existsSync('/usr/bin/chromium')) {
    // Chromium refuses to start as root without --no-sandbox (a lab VM, a container).
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const chromiumArgs = [`--app=${page.url}`, '--start-fullscreen', `--user-data-dir=${path.join(dataDir, 'chromium')}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-features=Translate,TranslateUI', '--disable-translate', '--noerrdialogs', ...(asRoot ? ['--no-sandbox', '--test-type'] : [])];
    child = spawn('/usr/bin/chromium', chromiumArgs, { stdio: 'ignore' });
    child.on('exit', () => console.log('Chromium closed; the kiosk keeps running at the URL above.'));
    console.log('  opened in Chromium app mode');
  } else {
    console.log('  no display: open the kiosk page URL above in a browser');
  }
  console.log('Press Ctrl+C to stop.');
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  if (child && child.exitCode === null) child.kill('SIGTERM');
  for (const stop of stops) await Promise.resolve(stop()).catch((err: unknown) => console.error('stop failed:', err));
  log.flush();
  console.log('Stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  console.error('npm start failed:', err instanceof Error ? err.message : err);
  void shutdown(1);
});
