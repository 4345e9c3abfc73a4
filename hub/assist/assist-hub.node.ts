// Builds everything remote assistance needs from one database: storage, staff sign-in, the
// assistance service (queue, routing, SLA, signaling) and the TURN credential issuer. The
// result goes to `buildHub({ …, assist })`, which registers the routes.
import type { Logger } from 'pino';
import { ephemeralSecretKey, type HubSecretKey } from '../auth/hub-secret-key.node.js';
import type { Database } from '../storage/queryable.js';
import type { AssistConfig } from './assist-config.js';
import type { ClusterBus } from './cluster/cluster-bus.js';
import { systemClock, type Clock } from './clock.js';
import { decisionSigner } from './decision-signer.node.js';
import type { KioskAuthenticator } from './signaling/kiosk-authenticator.js';
import { AssistService, type KioskCommandSink, type KioskHealthSink } from './signaling/assist-service.js';
import type { BucketOptions } from './token-bucket.js';
import { fixedGrace } from './session/grace-policy.js';
import { StaffAuth } from './staff/staff-auth.node.js';
import type { ScryptCost } from './staff/passwords.node.js';
import { sealPlaintextTotpSecrets } from './staff/seal-totp-secrets.node.js';
import { createAssistStore, type AssistStore } from './storage/assist-store.js';
import { createCallOwnerStore } from './storage/call-owners.js';
import { createSqlQueueStore } from './storage/queue-rows.js';
import { iceServersFor } from './turn/turn-credentials.node.js';
import type { IceServer } from '../../protocol/assist-values.js';

export interface Assist {
  service: AssistService;
  staffAuth: StaffAuth;
  store: AssistStore;
  clock: Clock;
  logger: Logger;
  /** Real kiosk authentication for the socket upgrade (hub/auth). Absent: see routes/v1/assist.ts. */
  kioskAuthenticator?: KioskAuthenticator | undefined;
  /** Per-socket rules; tests tighten them. */
  socket?: { heartbeatMs?: number; rate?: BucketOptions; strikes?: BucketOptions };
  /** STUN/TURN servers with short-lived credentials for one party (kiosk or staff id). */
  iceServers(partyId: string): IceServer[];
}

export interface CreateAssistOptions {
  db: Database;
  config: AssistConfig;
  logger: Logger;
  clock?: Clock;
  kioskAuthenticator?: KioskAuthenticator;
  scryptCost?: ScryptCost;
  /**
   * Seals staff TOTP secrets. startHub passes the hub's key; the default lives only as long
   * as the process, which suits an in-memory database and nothing else.
   */
  secretKey?: HubSecretKey;
  /**
   * Several hub instances on one PostgreSQL: the waiting room lives in the database and live
   * events cross instances on this bus (hub/assist/cluster). Absent: one process, in memory.
   */
  cluster?: { bus: ClusterBus; resyncMs?: number } | undefined;
  /** Fleet health (hub/fleet): kiosks' health reports and socket presence go here. */
  kioskHealth?: KioskHealthSink | undefined;
  /** Remote commands (hub/fleet/commands): delivered on connect, acknowledged on the socket. */
  kioskCommands?: KioskCommandSink | undefined;
}

export async function createAssist({ db, config, logger, clock = systemClock, kioskAuthenticator, scryptCost, secretKey = ephemeralSecretKey(), cluster, kioskHealth, kioskCommands }: CreateAssistOptions): Promise<Assist> {
  // An embedded database belongs to one process: instances could not share its waiting room.
  if (cluster && db.kind !== 'postgres') throw new Error('several hub instances need a shared PostgreSQL (DATABASE_URL), not the embedded database');
  const store = await createAssistStore(db);
  await sealPlaintextTotpSecrets(db, secretKey, logger);
  const signer = decisionSigner(config.decisionSecret);
  const log = logger.child({ component: 'assist' });
  if (!signer.durable) log.warn('HUB_DECISION_SECRET is not set: authorization signatures cannot be verified after a restart');
  if (config.turn.urls.some((url) => !url.startsWith('stun:')) && !config.turn.secret) {
    log.warn('HUB_TURN_URLS lists TURN servers but HUB_TURN_SECRET is not set: no TURN credentials will be issued');
  }
  const shared = cluster
    ? { bus: cluster.bus, queue: await createSqlQueueStore(db, config.priority), calls: createCallOwnerStore(db), ...(cluster.resyncMs === undefined ? {} : { resyncMs: cluster.resyncMs }) }
    : undefined;
  const service = new AssistService({
    clock,
    store,
    logger: log,
    priority: config.priority,
    slaRules: config.slaRules,
    grace: fixedGrace(config.graceSec),
    iceServers: (partyId) => iceServersFor(config.turn, partyId, clock.now()),
    signDecision: (fields) => signer.sign(fields),
    kioskHealth,
    kioskCommands,
  }, shared);
  // Customers already waiting (asked through other instances) are in line before the first socket.
  await service.ready;
  const staffAuth = new StaffAuth({
    db,
    clock,
    sessionTtlSec: config.staffSessionTtlSec,
    idleSec: config.staffIdleSec,
    secretKey,
    ...(scryptCost ? { scryptCost } : {}),
  });
  // A logout (or a disabled account) closes the session's signaling socket now, not at the next periodic re-check.
  staffAuth.onSessionEnded((tokenHash) => service.staffSessionEnded(tokenHash));
  const iceServers = (partyId: string) => iceServersFor(config.turn, partyId, clock.now());
  return { service, staffAuth, store, clock, logger: log, kioskAuthenticator, iceServers };
}
