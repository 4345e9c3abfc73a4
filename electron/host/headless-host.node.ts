// The kiosk host without Electron and without a hub of its own: config → logs → host
// services → the page server on loopback. `npm start -- --host-only`, the packaged headless
// host unit and the cold-start/idle-rss benchmarks all run this, bundled or not.
import path from 'node:path';
import { loadConfig, type HostConfig } from './config.js';
import { CrashCounter } from './fleet/updates/crash-counter.node.js';
import { closeLogger, createLogger, type HostLogger } from './log.node.js';
import { servePage, type PageServer } from './page-server.node.js';
import { startHost, type KioskHost } from './start-host.node.js';

export interface HeadlessHost {
  host: KioskHost;
  page: PageServer;
  close(): Promise<void>;
}

export async function startHeadlessHost(opts: { config?: HostConfig; log?: HostLogger; rendererDir: string; port?: number }): Promise<HeadlessHost> {
  const config = opts.config ?? loadConfig();
  // Same rotated 0600 file as under Electron and npm start: <dataDir>/logs/kiosk.log.
  const log = opts.log ?? createLogger({ level: config.logLevel, dataDir: config.dataDir });
  // The page is served while the device worker starts: the attract screen needs no device.
  const host = await startHost({ config, logger: log.child({ svc: 'host' }), awaitDevices: false });
  let page: PageServer;
  try {
    page = await servePage({ host, rendererDir: opts.rendererDir, port: opts.port ?? 0, log });
  } catch (err) {
    await host.close();
    // A failed start, not a clean exit: counted, so an update that cannot serve its page rolls back.
    await new CrashCounter(config.dataDir).failedStart();
    if (!opts.log) await closeLogger(log);
    throw err;
  }
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
