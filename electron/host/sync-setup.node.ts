// Builds the kiosk's transaction pipeline as the host runs it: outbox (card-data guard, field
// encryption, admission) → sync engine (push, pull) → service availability for the page.
import path from 'node:path';
import type { Availability, SyncStatus } from '../bridge/contract.js';
import { Backpressure } from './backpressure.node.js';
import type { HostConfig } from './config.js';
import { keyProviderFor } from './field-crypto-keys.node.js';
import { FieldCipher, type KeyProvider } from './field-crypto.node.js';
import { STORE_FILE } from './local-store.node.js';
import type { HubRequestSigner } from './hub-signer.node.js';
import type { HostLogger } from './log.node.js';
import { ServiceAvailabilityService } from './offline-rules-service.node.js';
import { Outbox } from './outbox.node.js';
import type { SqliteDb } from './sqlite.node.js';
import { SyncEngine } from './sync-engine.node.js';
import { PulledState } from './sync-pull.node.js';

export const STORAGE_ALERT = 'kiosk.alert.storage-full';

export interface SyncPipeline {
  outbox: Outbox;
  sync: SyncEngine;
  availability: ServiceAvailabilityService;
  pulled: PulledState;
}

export function createSyncPipeline(deps: {
  db: SqliteDb;
  config: HostConfig;
  version: string;
  log: HostLogger;
  keyProvider?: KeyProvider;
  sign?: HubRequestSigner;
  onStatus: (s: SyncStatus) => void;
  onAvailability: (a: Availability) => void;
}): SyncPipeline {
  const { db, config, log } = deps;
  const oc = config.outbox;
  const cipher = new FieldCipher(keyProviderFor(oc.keySource, config.dataDir, process.env, deps.keyProvider));
  // Late-bound: admission needs the outbox's backlog and the engine's status, both built below.
  let outbox: Outbox | null = null;
  let sync: SyncEngine | null = null;
  const backpressure = new Backpressure({
    db,
    dbFile: path.join(config.dataDir, STORE_FILE),
    limits: oc,
    backlog: () => outbox?.backlog() ?? Promise.resolve(0),
    onLimitReached: (reason, use) => {
      log.error({ reason, ...use }, 'outbox: storage limit reached, refusing new transactions');
      // Past the limit on purpose: the one small row that tells the hub why the kiosk stopped.
      void outbox?.enqueue(STORAGE_ALERT, { reason, ...use, at: new Date().toISOString() }, { bypassAdmission: true }).catch((err: unknown) => log.error({ err }, 'outbox: storage alert not recorded'));
    },
  });
  const availability = new ServiceAvailabilityService({ rules: oc.offlineRules, exposure: (type) => outbox?.exposure(type) ?? Promise.resolve({ count: 0, amountMinor: 0 }), backpressure, syncStatus: () => sync?.current() ?? { online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: null } });
  const refresh = () => void availability.refresh(deps.onAvailability).catch((err: unknown) => log.warn({ err }, 'availability refresh failed'));
  outbox = new Outbox(db, {
    cipher,
    sensitiveFields: (type) => oc.sensitiveFields[type] ?? [],
    admit: availability.admit,
    onCommitted: () => {
      sync?.kick();
      refresh();
    },
  });
  const pulled = new PulledState(db);
  sync = new SyncEngine({
    hubUrl: config.hubUrl,
    kioskId: config.kioskId,
    branchId: config.branchId,
    version: deps.version,
    outbox,
    log: log.child({ svc: 'sync' }),
    intervalMs: config.syncIntervalMs,
    requestTimeoutMs: oc.requestTimeoutMs,
    pull: pulled,
    ...(deps.sign ? { sign: deps.sign } : {}),
    onStatus: (status) => {
      // The backlog moved (rows reached the hub, or a round failed): admission counts afresh,
      // so a kiosk that was full takes customers again as soon as its rows are delivered.
      backpressure.invalidate();
      deps.onStatus(status);
      refresh();
    },
  });
  return { outbox, sync, availability, pulled };
}
