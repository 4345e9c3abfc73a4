// The kiosk host without Electron and without a hub of its own: config → logs → the page
// server on loopback → host services. `npm start -- --host-only`, the packaged headless host
// unit and the cold-start/idle-rss benchmarks all run this, bundled or not.
//
// The page server listens before the host services start (cold start, issue 15): the browser
// loads the page — kiosk.info inlined, which needs nothing but the config — while the store,
// sync, the device worker and the journeys come up. Until they are up every bridge request
// waits for them, so whatever the page asks is answered by a started host.
//
// start-host (and everything only it needs: store, sync, journeys, their schemas) and the
// event bus (with the whole bridge contract it validates against) are imported once the page
// is served: in the bundle that code is evaluated then, not before the page server listens;
// the page's sockets subscribe to host events through a relay meanwhile. The device worker
// starts, and the host first contacts the hub, once the page's bridge has answered the page
// (or after DEVICE_START_CAP_MS): the attract screen needs neither, and the worker's start (a
// second Node process, serial and HID discovery) and the first hub requests would otherwise
// compete with the browser's first paint and with the host's first answers on a 2-core kiosk PC.
import path from 'node:path';
import type { Dispatch } from '../bridge/dispatcher.js';
import type { EventBus } from '../bridge/event-bus.js';
import { eventRelay } from '../bridge/event-relay.js';
import { loadConfig, type HostConfig } from './config.js';
import { applyStoredRemoteConfig } from './fleet/commands/remote-config.node.js';
import { CrashCounter } from './fleet/updates/crash-counter.node.js';
import { closeLogger, createLogger, type HostLogger } from './log.node.js';
import { servePage, type PageServer } from './page-server.node.js';
import { kioskInfo } from './kiosk-info.js';
import type { KioskHost } from './start-host.node.js';
import { runningHostVersion } from './version.js';

/** The latest the device worker starts when no page connects (a kiosk PC starts it in ~0.5 s). */
export const DEVICE_START_CAP_MS = 1_000;

export interface HeadlessHost {
  host: KioskHost;
  page: PageServer;
  close(): Promise<void>;
}

export interface HeadlessHostOptions {
  config?: HostConfig;
  log?: HostLogger;
  rendererDir: string;
  port?: number;
  /** Called once the page server listens, before the host services have started. */
  onPageServed?: (page: PageServer) => void;
}

export async function startHeadlessHost(opts: HeadlessHostOptions): Promise<HeadlessHost> {
  const config = opts.config ?? loadConfig();
  // Same rotated 0600 file as under Electron and npm start: <dataDir>/logs/kiosk.log.
  const log = opts.log ?? createLogger({ level: config.logLevel, dataDir: config.dataDir });
  const relay = eventRelay();
  // The bus itself, once the page server listens (loaded with the contract, see the header).
  const hostEvents = async (): Promise<EventBus> => {
    const bus = new (await import('../bridge/event-bus.js')).EventBus();
    relay.attach(bus);
    return bus;
  };
  let resolveStarted: (host: KioskHost) => void = () => undefined;
  let rejectStarted: (err: unknown) => void = () => undefined;
  const started = new Promise<KioskHost>((resolve, reject) => {
    resolveStarted = resolve;
    rejectStarted = reject;
  });
  // A failed start ends the process (headless-host.main); requests waiting then get no answer.
  started.catch(() => undefined);
  // Remote configuration first, as startHost would: kiosk.info must show what the hub set.
  await applyStoredRemoteConfig(config, log);
  const early = kioskInfo(config, runningHostVersion());
  let running: KioskHost | null = null;
  const dispatch: Dispatch = async (method, params) => {
    if (running) return running.dispatch(method, params);
    // The page asks for nothing else before its bridge socket opens.
    if (method === 'kiosk.info') return { ok: true, result: early };
    return (await started).dispatch(method, params);
  };
  let pageUp: () => void = () => undefined;
  const startDevicesAfter = new Promise<void>((resolve) => (pageUp = resolve));
  let page: PageServer;
  try {
    page = await servePage({ host: { config, events: relay.events, dispatch }, rendererDir: opts.rendererDir, port: opts.port ?? 0, log, onBridgeAnswer: () => setImmediate(pageUp) });
  } catch (err) {
    const { startHost } = await import('./start-host.node.js');
    // A build that cannot serve its page still starts its host services once: their software
    // update policy is what sees a crash loop and rolls the build back. Then a failed start,
    // not a clean exit: counted, so an update that cannot serve its page rolls back.
    const host = await startHost({ config, logger: log.child({ svc: 'host' }), awaitDevices: false, events: await hostEvents(), remoteConfigApplied: true });
    await host.close();
    await new CrashCounter(config.dataDir).failedStart();
    if (!opts.log) await closeLogger(log);
    throw err;
  }
  opts.onPageServed?.(page);
  // Only a deadline: it must not hold a stopping process open.
  setTimeout(pageUp, DEVICE_START_CAP_MS).unref();
  let host: KioskHost;
  try {
    const events = await hostEvents();
    const { startHost } = await import('./start-host.node.js');
    // The page is served while the device worker starts: the attract screen needs no device.
    host = await startHost({ config, logger: log.child({ svc: 'host' }), awaitDevices: false, startDevicesAfter, hubContactAfter: startDevicesAfter, events, remoteConfigApplied: true });
  } catch (err) {
    rejectStarted(err);
    await page.close();
    if (!opts.log) await closeLogger(log);
    throw err;
  }
  running = host;
  resolveStarted(host);
  return {
    host,
    page,
    async close() {
      await page.close();
      await host.close();
      if (!opts.log) await closeLogger(log);
    },
  };
}

/** Where the built page is: next to the bundle (dist/electron → dist/renderer) or given. */
export function defaultRendererDir(bundleDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.BRANCH_KIOSK_RENDERER_DIR ?? path.resolve(bundleDir, '..', 'renderer');
}
