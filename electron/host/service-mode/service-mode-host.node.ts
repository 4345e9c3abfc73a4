// Builds service mode from the host's configuration and parts, so start-host.node.ts only
// wires it in. Also decides what "restart host" means for this process (see restartPolicy).
import type { EventBus } from '../../bridge/event-bus.js';
import type { HostConfig } from '../config.js';
import type { DeviceManager } from '../device-manager.node.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import { fileModeOnly, type CredentialsProtection } from '../kiosk-credentials.node.js';
import { kioskLogFile, type HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import type { SqliteDb } from '../sqlite.node.js';
import { createServiceMode, type ServiceMode } from './service-mode.node.js';
import { ServiceStore } from './service-store.node.js';
import { technicianFile } from './technician-credentials.node.js';

/** EX_TEMPFAIL: "try again", so the journal shows the exit was asked for, not a crash. */
export const RESTART_EXIT_CODE = 75;

/**
 * Restarting the host means exiting for a supervisor to start it again. systemd (both kiosk
 * units restart always) sets INVOCATION_ID for the processes it starts; with no supervisor
 * (`npm start` in a terminal) an exit would just stop the kiosk, so the answer is null and
 * service mode reloads what it can instead.
 */
export function restartPolicy(env: NodeJS.ProcessEnv, given: (() => void) | undefined, closeAndExit: () => void): (() => void) | null {
  if (given) return given;
  return env.INVOCATION_ID ? closeAndExit : null;
}

/** The live log file npm start and the packaged host write (logs/kiosk.log in the data dir). */
export const defaultLogFile = (dataDir: string): string => kioskLogFile(dataDir);

export function startServiceMode(deps: {
  config: HostConfig;
  version: string;
  db: SqliteDb;
  outbox: Outbox;
  devices: DeviceManager;
  events: EventBus;
  sign: HubRequestSigner;
  log: HostLogger;
  onEnqueued: () => void;
  logFile: string | null;
  credentialsProtection?: CredentialsProtection | undefined;
  restartHost: (() => void) | null;
}): ServiceMode {
  const { config, devices } = deps;
  const store = new ServiceStore({ db: deps.db, outbox: deps.outbox, kioskId: config.kioskId, branchId: config.branchId, onEnqueued: deps.onEnqueued });
  return createServiceMode({
    kioskId: config.kioskId,
    version: deps.version,
    credentialsFile: technicianFile(config.dataDir, config.technician.credentialsFile),
    openers: deps.credentialsProtection ? [deps.credentialsProtection, fileModeOnly] : [fileModeOnly],
    journeys: config.journeys,
    devices,
    events: deps.events,
    store,
    hub: { hubUrl: config.hubUrl, kioskId: config.kioskId, sign: deps.sign },
    logFile: deps.logFile,
    log: deps.log.child({ svc: 'service-mode' }),
    restartHost: deps.restartHost,
    // What a restart can redo inside this process: reopen devices now instead of at backoff.
    softRestart: () => devices.retryOfflineNow(),
    idleMs: config.technician.sessionIdleMs,
    readerWaitMs: config.technician.readerTestWaitMs,
    outOfServiceGraceMs: config.technician.outOfServiceGraceMs,
  });
}
