// `npm start`, the main job: hub (embedded DB) + kiosk host with simulated devices + the
// kiosk page, opened in Electron if its binary is here, else in Chromium's app mode if a
// display exists, else printed as a URL. Ctrl+C stops everything.
//
// Settings come from the config file (BRANCH_KIOSK_CONFIG), then the environment, then the
// flags below, each later one winning (electron/host/config-sources.ts). The kiosk's data is
// directly in the data dir; the embedded lab hub keeps its own in <data dir>/hub.
//   --host-only   kiosk host + page server against the configured hub, no embedded hub and
//                 nothing opened: what the packaged headless host unit runs
//   --no-hub      no embedded hub: the configured hub if any, else offline
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { HostConfig } from '../electron/host/config.js';
import { ConfigError, loadConfig } from '../electron/host/config.js';
import { configuredHubUrl, describeSource, EMBEDDED_HUB_DIR, readConfigSources, resolveDataDir } from '../electron/host/config-sources.js';
import { defaultRendererDir, startHeadlessHost } from '../electron/host/headless-host.node.js';
import { openCredentialsStore } from '../electron/host/kiosk-credentials.node.js';
import { closeLogger, createLogger, LOG_DIR, type HostLogger } from '../electron/host/log.node.js';
import { enrollLocalKiosk } from '../hub/auth/enroll-local.node.js';
import { startHub } from '../hub/start-hub.node.js';
import { checkTokens, demoDevices, electronBinary, ensureBuilt, freePort, hasCommand, StartError, writePrivateFile } from './start-helpers.js';

const USAGE = 'usage: npm start -- [--data-dir DIR] [--hub-url URL | --no-hub | --host-only] [--hub-port N] [--port N] [--no-open] [--no-build]';

const root = path.resolve(import.meta.dirname, '..');
const stops: (() => Promise<unknown> | void)[] = [];
const loggers: HostLogger[] = [];
let child: ChildProcess | null = null;

/** Relative to the working directory when inside it, else absolute. */
const shortPath = (p: string): string => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p));

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        'no-open': { type: 'boolean', default: false },
        'no-hub': { type: 'boolean', default: false },
        'host-only': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        'hub-url': { type: 'string' },
        'hub-port': { type: 'string', default: process.env.HUB_PORT ?? '8080' },
        port: { type: 'string', default: process.env.BRANCH_KIOSK_PORT ?? '8420' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`npm start: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const args = parseCommandLine();

/** Everything that can be wrong with the settings, found before anything starts or logs. */
function settle(): { config: HostConfig; embedHub: boolean; hubFrom: string; devicesNote: string | null } {
  checkTokens(process.env);
  const sources = readConfigSources();
  const dataDir = resolveDataDir(sources, args['data-dir']).value;
  const hub = configuredHubUrl(sources, args['hub-url']);
  if (args['host-only'] && !hub?.value) {
    throw new StartError(`--host-only runs against a hub, and none is configured: set "hubUrl" in the config file (BRANCH_KIOSK_CONFIG${sources.file ? `=${sources.file}` : ''}), BRANCH_KIOSK_HUB_URL, or pass --hub-url URL`);
  }
  const embedHub = !hub && !args['no-hub'] && !args['host-only'];
  // The embedded hub's URL is known once it listens; until then the kiosk config has none.
  // No devices in the config file: the demo set (--host-only is a kiosk's own configuration).
  const demo = !('devices' in sources.fromFile) && !args['host-only'] ? demoDevices(hasCommand('socat')) : null;
  const config = loadConfig({ file: sources.file, overrides: { dataDir, hubUrl: hub?.value ?? null, ...(demo ? { devices: demo.devices } : {}) } });
  const hubFrom = hub ? describeSource(hub, { flag: '--hub-url', env: 'BRANCH_KIOSK_HUB_URL' }, sources) : embedHub ? 'embedded' : '--no-hub';
  return { config, embedHub, hubFrom, devicesNote: demo?.missing ?? null };
}

async function main(): Promise<void> {
  if (args.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const settled = settle();
  let config = settled.config;
  const { dataDir } = config;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  console.log('Branch Kiosk — starting (data: %s, logs: %s)', shortPath(dataDir), shortPath(path.join(dataDir, LOG_DIR)));
  if (!args['no-build']) await ensureBuilt(root);

  if (settled.embedHub) {
    const hubDir = path.join(dataDir, EMBEDDED_HUB_DIR);
    // Its own file: under Electron the kiosk's log file belongs to the Electron process.
    const hubLog = createLogger({ level: config.logLevel, destination: path.join(dataDir, LOG_DIR, 'hub.log'), base: { svc: 'hub' } });
    loggers.push(hubLog);
    const hubPort = await freePort(Number(args['hub-port']));
    // Per-launch staff token unless one is given: the lab hub is never left open.
    const givenToken = process.env.HUB_STAFF_TOKEN || undefined;
    const staffToken = givenToken ?? randomBytes(32).toString('base64url');
    const hub = await startHub({
      port: hubPort,
      host: '127.0.0.1',
      dataDir: hubDir,
      databaseUrl: process.env.DATABASE_URL,
      logger: hubLog,
      auth: { tokens: { staffToken, adminToken: process.env.HUB_ADMIN_TOKEN } },
    });
    stops.push(() => hub.close());
    config = { ...config, hubUrl: hub.url };
    console.log('  hub          %s  (%s)', hub.url, process.env.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${shortPath(hubDir)}`);
    console.log('  console      %s/console/  (staff console: experts, tellers, supervisors, operations, admins)', hub.url);
    if (givenToken) console.log('  staff token  from HUB_STAFF_TOKEN');
    else if (process.stdout.isTTY) console.log('  staff token  %s  (curl -H "authorization: Bearer …" %s/v1/transactions?kioskId=%s)', staffToken, hub.url, config.kioskId);
    else {
      // Not a terminal (a service's journal, a log file): the token goes to a file only its owner reads.
      const tokenFile = path.join(hubDir, 'staff-token');
      writePrivateFile(tokenFile, `${staffToken}\n`);
      console.log('  staff token  in %s (mode 0600)', shortPath(tokenFile));
    }
    // The embedded hub enrolls its own kiosk; a real branch enrolls with kioskctl enroll.
    await openCredentialsStore({ dataDir }).save(await enrollLocalKiosk(hub, config.kioskId, { branchId: config.branchId }));
  } else {
    console.log('  hub          %s (%s)', config.hubUrl ?? 'none: offline only', settled.hubFrom);
  }

  const electron = args['host-only'] ? null : electronBinary(root);
  if (electron && !args['no-open']) {
    console.log('  kiosk shell  Electron %s', electron);
    child = spawn(electron, [path.join(root, 'dist/electron/main.cjs')], {
      stdio: 'inherit',
      env: { ...process.env, BRANCH_KIOSK_HUB_URL: config.hubUrl ?? '', BRANCH_KIOSK_DATA_DIR: dataDir },
    });
    child.on('exit', (code) => void shutdown(code ?? 0));
    return;
  }

  // The same rotated, 0600 kiosk.log the Electron shell writes when it runs the host.
  const log = createLogger({ level: config.logLevel, dataDir });
  loggers.push(log);
  const headless = await startHeadlessHost({ config, log, rendererDir: defaultRendererDir(path.join(root, 'dist/electron')), port: await freePort(Number(args.port)) });
  stops.unshift(() => headless.close());
  // The device lines name the simulators, which exist once the devices have started.
  await headless.host.devicesReady;
  for (const line of headless.host.describe()) console.log('  %s', line);
  if (settled.devicesNote) console.log('  devices      %s', settled.devicesNote);
  console.log('  kiosk page   %s', headless.page.url);
  console.log('  wall display %s  (the branch queue for the waiting-room TV)', headless.page.wallUrl);

  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!args['no-open'] && !args['host-only'] && display && existsSync('/usr/bin/chromium')) {
    // Chromium refuses to start as root without --no-sandbox (a lab VM, a container).
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const chromiumArgs = [`--app=${headless.page.url}`, '--start-fullscreen', `--user-data-dir=${path.join(dataDir, 'chromium')}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-features=Translate,TranslateUI', '--disable-translate', '--noerrdialogs', ...(asRoot ? ['--no-sandbox', '--test-type'] : [])];
    child = spawn('/usr/bin/chromium', chromiumArgs, { stdio: 'ignore' });
    child.on('exit', () => console.log('Chromium closed; the kiosk keeps running at the URL above.'));
    console.log('  opened in Chromium app mode');
  } else if (!args['host-only']) {
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
  // Exit only once the last log lines are on disk.
  for (const log of loggers) await closeLogger(log);
  console.log('Stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  // A settings problem is one line, named; no stack, nothing started to stop.
  if ((err instanceof ConfigError || err instanceof StartError) && stops.length === 0) {
    console.error(`npm start: ${err.message}`);
    void Promise.all(loggers.map((l) => closeLogger(l))).then(() => process.exit(1));
    return;
  }
  console.error('npm start failed:', err instanceof Error ? err.message : err);
  void shutdown(1);
});
