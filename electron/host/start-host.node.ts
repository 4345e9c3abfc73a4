// Starts the kiosk's host services — the same code under Electron main and under `npm start`
// in browser mode — and returns the bridge handlers that both transports serve.
import path from 'node:path';
import type { Logger } from 'pino';
import { createDispatcher, type HandlerMap } from '../bridge/dispatcher.js';
import { EventBus } from '../bridge/event-bus.js';
import type { HostConfig } from './config.js';
import { DeviceManager } from './device-manager.node.js';
import type { WorkerLauncher } from './devices/worker-launcher.node.js';
import { openLocalStore } from './local-store.node.js';
import { createLogger } from './log.node.js';
import { Outbox } from './outbox.node.js';
import { defaultQueueServices } from './queue-catalog.js';
import type { RunningHost } from './running-host.js';
import { SyncEngine } from './sync-engine.node.js';
import { TicketService } from './ticket-service.node.js';
import { HOST_VERSION } from './version.js';

/** The host with the handles tests and the technician tools use beyond the bridge. */
export interface KioskHost extends RunningHost {
  readonly devices: DeviceManager;
  /** Pushes the outbox to the hub now instead of at the next interval. */
  syncNow(): Promise<void>;
}

export async function startHost(opts: { config: HostConfig; logger?: Logger; launchDeviceWorker?: WorkerLauncher }): Promise<KioskHost> {
  const { config } = opts;
  const log = opts.logger ?? createLogger({ level: config.logLevel });
  const events = new EventBus();
  const db = await openLocalStore(config.dataDir);
  const outbox = new Outbox(db);
  const devices = new DeviceManager(config.devices, events, log, { launch: opts.launchDeviceWorker });
  const sync = new SyncEngine({
    hubUrl: config.hubUrl,
    kioskId: config.kioskId,
    branchId: config.branchId,
    version: HOST_VERSION,
    outbox,
    log: log.child({ svc: 'sync' }),
    intervalMs: config.syncIntervalMs,
    onStatus: (status) => events.emit('sync.status', status),
  });
  const tickets = new TicketService({ db, outbox, devices, services: () => defaultQueueServices, config, log, onEnqueued: () => void sync.kick() });

  try {
    await devices.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  sync.start();

  const handlers: HandlerMap = {
    'kiosk.info': () => ({
      kioskId: config.kioskId,
      branchName: config.branchName,
      defaultLocale: config.ui.defaultLocale,
      idleTimeoutMs: config.ui.idleTimeoutMs,
      idleWarningMs: config.ui.idleWarningMs,
      version: HOST_VERSION,
      serviceMode: config.serviceMode,
    }),
    'queue.services': () => [...defaultQueueServices],
    'queue.issueTicket': ({ serviceId, locale }) => tickets.issue(serviceId, locale),
    'queue.reprintTicket': ({ ticketId, locale }) => tickets.reprint(ticketId, locale),
    'devices.list': () => devices.list(),
    'sync.status': () => sync.current(),
    'help.request': ({ screen, locale }) => {
      log.info({ screen, locale }, 'help requested (video assistance not available yet)');
      return { available: false, reason: 'NOT_CONFIGURED' };
    },
    'session.ended': ({ reason }) => {
      log.info({ reason }, 'customer session ended');
      return { ok: true as const };
    },
  };

  log.info({ kioskId: config.kioskId, dataDir: config.dataDir, hubUrl: config.hubUrl }, 'host started');
  return {
    config,
    events,
    dispatch: createDispatcher(handlers, log),
    devices,
    describe: () => [`store        ${path.join(config.dataDir, 'kiosk.sqlite')}`, ...devices.describe(), `sync         ${config.hubUrl ?? 'no hub configured (offline only)'}`],
    syncNow: () => sync.kick(),
    async close() {
      await sync.stop();
      await devices.close();
      await db.close();
      log.info('host stopped');
    },
  };
}
