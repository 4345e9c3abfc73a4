// Opens the database, brings its schema up to date and serves the hub on a port. Used by
// the hub's own CLI and in-process by the kiosk's `npm start`.
import { pino, type Logger } from 'pino';
import { assistConfigFromEnv, type AssistConfig } from './assist/assist-config.js';
import { createAssist, type Assist } from './assist/assist-hub.node.js';
import { systemClock, type Clock } from './assist/clock.js';
import { fleetConfigFromEnv, type FleetConfig } from './fleet/fleet-config.js';
import { CommandService } from './fleet/commands/command-service.js';
import { commandSigner } from './fleet/commands/command-signer.node.js';
import { UpdateService } from './fleet/updates/update-service.js';
import { FleetService } from './fleet/fleet-service.js';
import type { ReadyCheck } from './routes/ready.js';
import { schemaStatus } from './storage/schema-status.js';
import type { ClusterBus } from './assist/cluster/cluster-bus.js';
import { connectNatsBus } from './assist/cluster/nats-bus.node.js';
import { loadHubSecretKey } from './auth/hub-secret-key.node.js';
import { signedUpgradeAuthenticator } from './auth/signed-upgrade.node.js';
import type { Banking } from './banking/banking-service.js';
import { createBanking, type BankingTuning, type CoreBankingChoice } from './banking/register-core-banking.node.js';
import { seedAdminFromEnv } from './assist/staff/seed-admin.node.js';
import type { AuthMode } from './auth/route-guards.node.js';
import type { StaffTokens } from './auth/staff-guard.js';
import type { TlsMaterial } from './auth/tls-files.node.js';
import { createBranchQueueStore, type BranchQueueStore } from './branch-queue/branch-queue-store.js';
import { createAppointmentStore, type AppointmentStore } from './appointments/appointment-store.js';
import { seedDemoSlots } from './appointments/demo-slots.js';
import { createFollowUpStore, type FollowUpStore } from './follow-ups/follow-up-store.js';
import { createKnowledgeStore, type KnowledgeStore } from './knowledge/knowledge-store.js';
import { seedDemoArticles } from './knowledge/demo-articles.js';
import { applyAnalyticsTimeZone, createAnalyticsService } from './analytics/analytics-service.js';
import { createRecommendationStore, type RecommendationStore } from './recommendations/recommendation-store.js';
import { followUpPolicyFromEnv } from './follow-ups/follow-up-config.js';
import { buildHub } from './server.js';
import type { HubLimits } from './server-limits.js';
import { createAuthStore, type AuthStore } from './storage/auth-store.js';
import { createHubStore, type HubStore } from './storage/hub-store.js';
import { openDatabase } from './storage/open-database.node.js';
import { createStaffStore, type StaffStore } from './storage/staff-store.js';

/** How often a hub looks for appointments whose customer did not come (the grace is 15 min). */
const APPOINTMENT_SWEEP_MS = 60_000;

export const DEFAULT_DATA_DIR = '.data/hub';

export interface StartHubOptions {
  /**
   * The assistance side's clock, which staff sessions, the branch queue, follow-up deadlines and
   * the knowledge base share; tests move it (an SLA breach a day later). Default: the system's.
   */
  clock?: Clock;
  /** 0 picks a free port; the chosen one is in the result. */
  port: number;
  host: string;
  /** Directory of the embedded database, or `memory://`; ignored when `databaseUrl` is set. */
  dataDir?: string;
  /** PostgreSQL connection string; the embedded database is used when absent. */
  databaseUrl?: string | undefined;
  logger?: Logger;
  /** Kiosk signatures and staff/admin tokens. Mode defaults to 'on'; 'off' only on loopback. */
  auth?: { mode?: AuthMode; tokens?: StaffTokens };
  /** Serve HTTPS; the URL then starts with https://. */
  tls?: TlsMaterial | undefined;
  /** Remote assistance settings; defaults to HUB_TURN_*, HUB_ASSIST_*, HUB_STAFF_* from the environment. */
  assist?: AssistConfig;
  /** The hub secret key as base64 or hex; defaults to HUB_SECRET_KEY, then the key file in the data directory. */
  secretKey?: string | undefined;
  /** Timeouts and per-client limits (hub/server-limits.ts). */
  limits?: Partial<HubLimits> | undefined;
  /**
   * One of several hub instances behind a load balancer (needs `databaseUrl`): the assistance
   * waiting room lives in PostgreSQL and live events cross instances through NATS.
   */
  cluster?: { natsUrl: string; instanceId?: string | undefined; subjectPrefix?: string | undefined; resyncMs?: number } | undefined;
  /**
   * The bank behind /v1/banking: 'demo' (default, the seeded demo bank in this database),
   * 'none', or a bank's own CoreBankingAdapter / factory (hub/banking/README.md).
   */
  coreBanking?: CoreBankingChoice | undefined;
  /** Idempotency retention, card-session lifetimes, per-kiosk banking rates. */
  banking?: BankingTuning | undefined;
  /** Fleet health and alert settings; defaults to HUB_FLEET_*, HUB_ALERT_* from the environment. */
  fleet?: Partial<FleetConfig> | undefined;
  /** /metrics wants this bearer token when set; defaults to HUB_METRICS_TOKEN. */
  metricsToken?: string | undefined;
}

export interface RunningHub {
  url: string;
  port: number;
  store: HubStore;
  /** Enrollment codes and kiosk keys: what `enrollLocalKiosk` needs. */
  authStore: AuthStore;
  /** This instance's name on the cluster bus; absent for a single-process hub. */
  instanceId?: string;
  /** Stops accepting requests, lets those in flight finish, then closes the database. */
  close(): Promise<void>;
}

function urlOf(host: string, port: number, tls: boolean): string {
  return `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const mode = options.auth?.mode ?? 'on';
  // An unauthenticated hub reachable from the network would take anyone's transactions.
  if (mode === 'off' && !isLoopback(options.host)) throw new Error(`auth off is for local development: refusing to listen on ${options.host}`);
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (options.cluster && !options.databaseUrl) throw new Error('several hub instances (HUB_NATS_URL) need a shared PostgreSQL: set DATABASE_URL');
  const db = await openDatabase({ dataDir, databaseUrl: options.databaseUrl, logger });
  let store: HubStore;
  let authStore: AuthStore;
  let staffStore: StaffStore;
  let assist: Assist;
  let bus: ClusterBus | undefined;
  let banking: Banking | undefined;
  let branchQueue: BranchQueueStore;
  let appointments: AppointmentStore;
  let followUps: FollowUpStore;
  let knowledge: KnowledgeStore;
  let recommendations: RecommendationStore;
  let fleet: FleetService;
  let commands: CommandService;
  let updates: UpdateService;
  try {
    if (options.cluster) {
      const instanceId = options.cluster.instanceId ?? `hub-${globalThis.crypto.randomUUID().slice(0, 8)}`;
      const { subjectPrefix } = options.cluster;
      bus = await connectNatsBus({ url: options.cluster.natsUrl, instanceId, logger, ...(subjectPrefix ? { subjectPrefix } : {}) });
    }
    // Seals staff TOTP secrets at rest (see hub/auth/hub-secret-key.node.ts).
    const secretKey = await loadHubSecretKey({ envKey: options.secretKey ?? process.env.HUB_SECRET_KEY, dataDir });
    if (secretKey.source === 'file' && options.databaseUrl) {
      logger.warn({ keyFile: secretKey.file }, 'hub: HUB_SECRET_KEY is not set; using the key file. Every hub instance on this database needs the same key');
    }
    store = await createHubStore(db, { followUps: followUpPolicyFromEnv(process.env) });
    authStore = await createAuthStore(db);
    staffStore = await createStaffStore(db);
    // Health reports arrive on the assist socket; alerts go out to the console's supervisors.
    fleet = new FleetService({ db, clock: systemClock, logger: logger.child({ component: 'fleet' }), config: { ...fleetConfigFromEnv(process.env), ...options.fleet }, bus, secretKey });
    // Remote commands, signed with a key derived from HUB_SECRET_KEY (same on every instance).
    const signer = commandSigner(secretKey);
    commands = new CommandService({ db, signer, clock: systemClock, logger: logger.child({ component: 'fleet-commands' }) });
    // Release manifests are signed with the same key, which kiosks already pinned for commands.
    updates = new UpdateService({ db, signer, clock: systemClock, logger: logger.child({ component: 'software-updates' }) });
    assist = await createAssist({
      ...(options.clock ? { clock: options.clock } : {}),
      kioskHealth: fleet,
      kioskCommands: commands,
      db,
      config: options.assist ?? assistConfigFromEnv(process.env),
      logger,
      secretKey,
      ...(bus ? { cluster: { bus, ...(options.cluster?.resyncMs === undefined ? {} : { resyncMs: options.cluster.resyncMs }) } } : {}),
      // With auth on, kiosks prove who they are on the signaling socket with a signed upgrade.
      ...(mode === 'on' ? { kioskAuthenticator: signedUpgradeAuthenticator(authStore, { onRefused: (reason) => logger.warn({ reason }, 'hub: kiosk signaling upgrade refused') }) } : {}),
    });
    // HUB_SEED_ADMIN_*: the first admin, created once when no admin exists.
    if ((await seedAdminFromEnv(assist.staffAuth, process.env)) === 'created') logger.info('hub: first admin created from HUB_SEED_ADMIN_USERNAME');
    const live = assist;
    fleet.onNotice((notice) => live.service.toSupervisors({ type: 'fleet.alert', notice }));
    commands.attach((kioskId, message) => live.service.sendToKiosk(kioskId, message));
    branchQueue = await createBranchQueueStore(db, assist.clock);
    appointments = await createAppointmentStore(db, assist.clock);
    if ((options.coreBanking ?? 'demo') === 'demo') {
      const opened = await seedDemoSlots(appointments, assist.clock);
      if (opened > 0) logger.info({ opened }, 'hub: demo appointment slots opened for BR001');
    }
    followUps = createFollowUpStore(db, assist.clock);
    knowledge = createKnowledgeStore(db, assist.clock);
    // Analytics count days in the bank's calendar; a change recounts the rollups once.
    const analyticsZone = process.env.HUB_ANALYTICS_TIME_ZONE;
    if (analyticsZone && (await applyAnalyticsTimeZone(db, analyticsZone))) logger.warn({ timeZone: analyticsZone }, 'hub: analytics time zone changed; rollups recounted');
    recommendations = createRecommendationStore(db, assist.clock);
    // The demo hub (demo core banking, as under npm start) shows a few articles from the start.
    if ((options.coreBanking ?? 'demo') === 'demo' && (await seedDemoArticles(db, assist.clock)) > 0) logger.info('hub: demo knowledge-base articles published');
    banking = await createBanking(options.coreBanking ?? 'demo', { db, secretKey, logger }, options.banking);
  } catch (error) {
    await bus?.close().catch(() => undefined);
    await db.close();
    throw error;
  }
  if (mode === 'off') logger.warn('hub: authentication is OFF; kiosk signatures and staff tokens are not checked');
  const readyChecks: ReadyCheck[] = [
    { name: 'database', check: () => store.ping() },
    {
      name: 'schema',
      check: async () => {
        const schema = await schemaStatus(db);
        if (!schema.current) throw new Error(`schema at version ${schema.applied}, this hub needs ${schema.expected}`);
      },
    },
    ...(bus ? [{ name: 'cluster-bus', check: () => (bus as ClusterBus).flush() }] : []),
  ];
  const operations = { fleet, commands, updates, readyChecks, metricsToken: options.metricsToken ?? process.env.HUB_METRICS_TOKEN };
  let stopSweeper = () => {};
  const app = buildHub({ store, staffStore, auth: { store: authStore, mode, tokens: options.auth?.tokens }, logger, tls: options.tls, assist, limits: options.limits, banking, branchQueue, appointments, followUps, knowledge, recommendations, analytics: createAnalyticsService(db, systemClock), operations });
  try {
    await app.listen({ port: options.port, host: options.host });
    fleet.start();
    commands.start();
    // Bill payments synced from kiosks (offline ones carry card + PIN block) go to the bank.
    banking?.storedPayments.start();
    // Every instance sweeps: a booking leaves 'booked' once, whichever instance gets to it.
    stopSweeper = appointments.startSweeper(APPOINTMENT_SWEEP_MS, (err) => logger.error({ err }, 'appointments: no-show sweep failed'));
  } catch (error) {
    await app.close();
    await commands.close();
    await fleet.close();
    await banking?.close().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | null = null;
  return {
    url: urlOf(options.host, port, options.tls !== undefined),
    port,
    store,
    authStore,
    ...(bus ? { instanceId: bus.instanceId } : {}),
    close: () => {
      // The bus after the app: calls ending at shutdown still reach parties on other instances.
      stopSweeper();
      closing ??= app
        .close()
        .then(() => commands.close())
        .then(() => fleet.close())
        .then(() => bus?.close())
        .then(() => banking?.close())
        .then(() => store.close());
      return closing;
    },
  };
}
