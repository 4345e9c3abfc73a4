// Starts the kiosk's host services — the same code under Electron main and under `npm start`
// in browser mode — and returns the bridge handlers that both transports serve.
import path from 'node:path';
import type { Logger } from 'pino';
import { createDispatcher, type HandlerMap } from '../bridge/dispatcher.js';
import { EventBus } from '../bridge/event-bus.js';
import type { HostConfig } from './config.js';
import { startAdminServer, type MaintenanceSwitch } from './admin-server.node.js';
import { createAssistService, type AssistServiceDeps } from './assist/assist-service.node.js';
import { DeviceManager } from './device-manager.node.js';
import { CustomerPresence } from './fleet/commands/customer-presence.js';
import { startFleetCommands } from './fleet/commands/fleet-commands.node.js';
import { applyStoredRemoteConfig } from './fleet/commands/remote-config.node.js';
import { startFleetHealth } from './fleet/fleet-health.node.js';
import { tapHubSocket } from './fleet/hub-socket-tap.node.js';
import { credentialsSigner } from './hub-signer.node.js';
import { hostCredentialsStore, type CredentialsProtection } from './kiosk-credentials.node.js';
import { hostDiagnostics } from './host-diagnostics.node.js';
import type { WorkerLauncher } from './devices/worker-launcher.node.js';
import { openLocalStore } from './local-store.node.js';
import { createLogger } from './log.node.js';
import { QueueCatalog } from './queue-catalog.js';
import { KnowledgeBase } from './knowledge/knowledge-base.node.js';
import { loadPinyinReader } from './knowledge/pinyin.js';
import type { RunningHost } from './running-host.js';
import type { KeyProvider } from './field-crypto.node.js';
import { createSyncPipeline } from './sync-setup.node.js';
import { defaultLogFile, RESTART_EXIT_CODE, restartPolicy, startServiceMode } from './service-mode/service-mode-host.node.js';
import { WallFeedLoop } from './branch-queue/wall-feed.node.js';
import { hubSender } from './hub-send.node.js';
import { createAccountServices, type AccountServicesHostDeps } from './journeys/account-services-host.node.js';
import { createAppointments } from './appointments/appointments-host.node.js';
import { QueueRecognition } from './branch-queue/queue-recognition.node.js';
import { createBillPayment } from './journeys/bill-payment-host.node.js';
import { createCardReplacement } from './journeys/card-replacement-host.node.js';
import { createAccountOpening } from './journeys/account-opening-host.node.js';
import { FirstCardOffer } from './journeys/first-card-offer.js';
import { configuredIdPhotoDecoder } from './journeys/demo-id-photo-decoder.node.js';
import { createRecommendations } from './recommendations/recommendation-host.node.js';
import { systemTimers } from './journeys/bill-payment-ports.js';
import { recordFeedback } from './feedback/feedback-recorder.node.js';
import { QueueWaits } from './queue-waits.node.js';
import { TicketService } from './ticket-service.node.js';
import { runningHostVersion } from './version.js';
import { kioskInfo } from './kiosk-info.js';
import { startSoftwareUpdates, updatePollMs } from './fleet/updates/software-updates.node.js';

/** The host with the handles tests and the technician tools use beyond the bridge. */
export interface KioskHost extends RunningHost {
  readonly devices: DeviceManager;
  /** Settles once the device worker has opened (or given up on) every configured device. */
  readonly devicesReady: Promise<void>;
  /** Pushes the outbox to the hub now instead of at the next interval. */
  syncNow(): Promise<void>;
  /** One round of asking the hub for bill payments' answers the kiosk does not hold yet; resolves with how many it kept. */
  paymentAnswersNow(): Promise<number>;
}

/** `keyProvider`: main.ts passes one backed by Electron safeStorage; elsewhere env var or key file. */
export interface StartHostOptions {
  config: HostConfig;
  logger?: Logger;
  launchDeviceWorker?: WorkerLauncher;
  keyProvider?: KeyProvider;
  /** How the kiosk's hub credentials are sealed on disk (Electron: safeStorage). */
  credentialsProtection?: CredentialsProtection;
  /** Video-assistance deadlines and reconnect schedule; tests shorten them. */
  assist?: AssistServiceDeps['tuning'];
  /** Statement period rules and page size (default: 2 years back, 366 days, 20 entries a page); tests shorten pages. */
  statements?: AccountServicesHostDeps['statement'];
  /** How long a new card waits at the dispenser's slot (default 30 s; tests shorten it). */
  takeCardMs?: number;
  /**
   * How long the wall display's long poll asks the hub to hold it (default the protocol's
   * 20 s). A hub stopping lets requests in flight finish, so a test that stops its hub after
   * the wall ran shortens this rather than wait out the poll.
   */
  wallFeedWaitMs?: number;
  /** The log file service mode's viewer reads (default logs/kiosk.log in the data dir); null: none. */
  logFile?: string | null;
  /** Service mode's "restart host" (Electron: relaunch); default: exit 75 under systemd, else none. */
  restartHost?: () => void;
  /**
   * false: return (and let the page be served) while the device worker still starts, about
   * half a second on a kiosk PC; devices report 'not-opened' until then. The headless host
   * does this so the attract screen paints sooner; default true, as callers that drive a
   * device right after start need.
   */
  awaitDevices?: boolean;
  /**
   * With awaitDevices false: the device worker starts once this settles instead of at once.
   * The headless host passes "the page's bridge has connected, or a short cap": the worker is a
   * second Node process parsing its 1.5 MB bundle, and on a 2-core kiosk PC it would compete
   * with the browser's first paint (cold start).
   */
  startDevicesAfter?: Promise<void>;
  /**
   * The host's first contact with the hub (sync's registration and first push, the video-help
   * signaling socket, the bill payment card key and answers poll) waits for this: the attract
   * screen needs no hub, and on a 2-core kiosk PC the first request (loading Node's fetch,
   * about 35 ms of CPU) and its retries would compete with the browser's first paint. The
   * headless host passes the same signal as startDevicesAfter. A transaction enqueued
   * meanwhile is still sent at once (sync.kick); a host closed before it settles never
   * contacts the hub.
   */
  hubContactAfter?: Promise<void>;
  /** The bus host events go out on; the headless host passes the one its page server already serves. */
  events?: EventBus;
  /** The caller applied the stored remote configuration already (the headless host, before serving its page). */
  remoteConfigApplied?: boolean;
}

export async function startHost(opts: StartHostOptions): Promise<KioskHost> {
  const { config } = opts;
  const startedAt = new Date().toISOString();
  // From an install tree: the version directory this build runs from (electron/host/version.ts).
  const version = runningHostVersion();
  const log = opts.logger ?? createLogger({ level: config.logLevel });
  // What the hub changed remotely (update-config) and kept: before anything reads the config.
  if (!opts.remoteConfigApplied) await applyStoredRemoteConfig(config, log);
  const events = opts.events ?? new EventBus();
  // A damaged outbox journal is an incident a technician must see in kiosk.log and kioskctl
  // diag, not only a process warning on stderr.
  const db = await openLocalStore(config.dataDir, undefined, {
    onProblem: (r) =>
      log.error({ records: r.records, restored: r.restored, stop: r.stop.kind === 'corrupt' ? r.stop.reason : r.stop.kind, keptAt: r.keptAt }, 'outbox journal damaged: records replayed up to the damage, rows after it may be lost'),
  });
  const devices = new DeviceManager(config.devices, events, log, { launch: opts.launchDeviceWorker, kioskId: config.kioskId });
  // One signer for every hub request: sync over HTTP and the assist signaling socket.
  // Under Electron sealed by safeStorage; a file kioskctl enrolled is opened and re-sealed.
  const credentials = hostCredentialsStore(config.dataDir, opts.credentialsProtection, log);
  const sign = credentialsSigner(credentials, config.kioskId, () =>
    log.warn({ kioskId: config.kioskId }, 'kiosk is not enrolled with the hub: requests go unsigned; enroll with kioskctl enroll --hub <url> --code <code>'),
  );
  let pipeline: ReturnType<typeof createSyncPipeline>;
  try {
    pipeline = createSyncPipeline({
      db,
      config,
      version,
      log,
      ...(opts.keyProvider ? { keyProvider: opts.keyProvider } : {}),
      sign,
      onStatus: (status) => events.emit('sync.status', status),
      onAvailability: (availability) => events.emit('services.availability', availability),
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const { outbox, sync, availability } = pipeline;
  // Pulled from the hub (catalog `queue.services`); loaded now so tickets and the log know the source from the start.
  const catalog = new QueueCatalog(pipeline.pulled, log);
  await catalog.services();
  // Help articles pulled from the hub (catalog knowledge/<id>), searched offline on the Help screen.
  const knowledge = new KnowledgeBase(db, loadPinyinReader, log.child({ svc: 'knowledge' }));
  const queueWaits = new QueueWaits({ kioskId: config.kioskId, send: hubSender({ hubUrl: config.hubUrl, sign, requestTimeoutMs: 5_000 }), log });
  const tickets = new TicketService({ db, outbox, devices, services: () => catalog.snapshot(), config, log, onEnqueued: () => sync.kick(), waits: queueWaits });

  // start() resolves even when the worker cannot start (devices stay offline); it rejects
  // only when a simulator cannot be set up.
  const awaitDevices = opts.awaitDevices ?? true;
  const devicesReady = opts.startDevicesAfter && !awaitDevices ? opts.startDevicesAfter.then(() => devices.start()) : devices.start();
  if (awaitDevices) {
    try {
      await devicesReady;
    } catch (err) {
      await db.close();
      throw err;
    }
  } else {
    devicesReady.catch((err: unknown) => log.error({ err }, 'devices did not start; they stay offline'));
  }
  // Set by the first close (host.close is idempotent); a deferred hub contact checks it.
  let closing: Promise<void> | null = null;
  const contactHub = (start: () => void) => {
    if (!opts.hubContactAfter) return start();
    void opts.hubContactAfter.then(() => {
      if (!closing) start();
    });
  };
  contactHub(() => sync.start());
  const diagnostics = hostDiagnostics({ config, version, startedAt, sync, outbox, db, devices, credentials });
  // The maintenance switch exists once remote commands have started (below); until then kioskctl hears NOT_READY.
  let maintenanceSwitch: MaintenanceSwitch | null = null;
  const admin = await startAdminServer({ dataDir: config.dataDir, devices, events, log, kioskId: config.kioskId, ...diagnostics, maintenance: () => maintenanceSwitch });
  // Health reports share the assist client's one signaling socket (electron/host/fleet).
  const hubSocket = tapHubSocket(opts.assist?.openSocket);
  const assist = createAssistService({ hubUrl: config.hubUrl, kioskId: config.kioskId, sign, log, events, outbox, devices, tuning: { ...opts.assist, openSocket: hubSocket.open } });
  const fleetHealth = startFleetHealth({ version, startedAt, dataDir: config.dataDir, devices, sync, events, tap: hubSocket, log });

  const closeAndExit = () => void host.close().finally(() => process.exit(RESTART_EXIT_CODE));
  const logFile = opts.logFile === undefined ? defaultLogFile(config.dataDir) : opts.logFile;
  const service = startServiceMode({ config, version, db, outbox, devices, events, sign, log, onEnqueued: () => sync.kick(), logFile, credentialsProtection: opts.credentialsProtection, restartHost: restartPolicy(process.env, opts.restartHost, closeAndExit) });
  // Remote commands from the hub (electron/host/fleet/commands): maintenance, reload and restart wait for the customer.
  const presence = new CustomerPresence({ now: () => Date.now(), ...systemTimers });
  const fleetCommands = await startFleetCommands({ config, log, db, tap: hubSocket, sign, events, service: service.remote, presence, devices, sync, diag: diagnostics.diag, logFile });
  maintenanceSwitch = fleetCommands.maintenance;
  let closeStarted: () => void = () => undefined;
  const whenClosing = new Promise<void>((resolve) => (closeStarted = resolve));
  // Staged software updates (electron/host/fleet/updates): on where the host runs from a
  // versions/<v> tree (BRANCH_KIOSK_INSTALL_ROOT); elsewhere only the crash counter runs.
  const updates = await startSoftwareUpdates({
    config,
    sign,
    presence,
    log: log.child({ svc: 'updates' }),
    installRoot: process.env.BRANCH_KIOSK_INSTALL_ROOT || null,
    runningVersion: version,
    pollMs: updatePollMs(process.env),
    health: async () => {
      // Devices start 'offline' (not opened) and the headless host does not wait for them:
      // asked at the first tick, a healthy build would fail. They are judged once opened.
      // A close meanwhile ends the wait (devices closed before they opened may never be ready).
      await Promise.race([devicesReady.catch(() => undefined), whenClosing]);
      // A host already closing (its start failed, or it is stopping) has just taken its own
      // devices offline; such a run is judged by the crash counter, not by its devices.
      if (closing) return true;
      return devices.summary().every((d) => d.health.state !== 'offline');
    },
    restart: closeAndExit,
  });

  // The waiting room's wall display (renderer/wall), fed from the hub by this host.
  const wall = new WallFeedLoop({
    kioskId: config.kioskId,
    send: hubSender({ hubUrl: config.hubUrl, sign, requestTimeoutMs: 30_000 }),
    log: log.child({ svc: 'wall' }),
    onFeed: (feed) => events.emit('wall.feed', feed),
    ...(opts.wallFeedWaitMs === undefined ? {} : { waitMs: opts.wallFeedWaitMs }),
  });

  // Bill payment (DESIGN §9): card, PIN pad, scanner and printer through the device manager, the hub's banking routes.
  const billPayment = createBillPayment({ config, devices, sign, outbox, sync, events, log });
  // A suggestion after a journey (issue 13): rules pulled from the hub, evaluated here, counted by sync.
  const recommendations = createRecommendations({ config, db, outbox, sync, devices, sign, bill: billPayment, accountsSession: () => accountServices.service.sessionForRecommendation(), tickets, log });
  // Balances and statements (issue 10): the same card + PIN, the hub's account routes, the printer page by page.
  // Appointments (issue 13): booked through the hub, checked in by scanning the slip's QR.
  const appointments = createAppointments({ config, devices, sign, tickets, services: () => catalog.services(), events, log });
  // VIP by card and priority from 65 by ID card, recognised on the service list (issue 13).
  const recognition = new QueueRecognition({
    kioskId: config.kioskId,
    send: hubSender({ hubUrl: config.hubUrl, sign, requestTimeoutMs: 8_000 }),
    onDeviceEvent: (cb) => devices.onDeviceEvent(cb),
    releaseCard: (cardRef) => devices.releaseCard(cardRef),
    idReaderRoles: () => devices.summary().filter((d) => d.kind === 'id-reader').map((d) => d.role),
    emit: (recognised) => events.emit('queue.recognised', recognised),
    log: log.child({ svc: 'queue-recognition' }),
  });
  // Card replacement (issue 11): sign in, block, the dispenser's new card with its PIN, the bank's issue.
  // Account opening leaves the account it opened here for a first debit card (cardReplacement.issueFirst).
  const firstCard = new FirstCardOffer();
  // One decoder for the ID card's chip photo, for both identity journeys (the vendor's, or the demo's).
  const photoDecoder = configuredIdPhotoDecoder(config.accountOpening.demoPortraitsDir);
  const cardReplacement = createCardReplacement({ config, devices, sign, outbox, events, log, firstCard, photoDecoder, ...(opts.takeCardMs ? { takeCardMs: opts.takeCardMs } : {}) });
  // Account opening (issue 11): the document from the ID readers, the application at the hub, the expert's decision over video.
  const accountOpening = createAccountOpening({ config, devices, sign, outbox, events, log, online: () => sync.current().online, expert: assist, firstCard, photoDecoder });
  const accountServices = createAccountServices({ config, devices, sign, outbox, sync, events, log, ...(opts.statements ? { statement: opts.statements } : {}) });

  const handlers: HandlerMap = {
    'kiosk.info': () => kioskInfo(config, version),
    'queue.services': async () => {
      // The customer is about to pick a service: the wait printed on the ticket is fetched meanwhile.
      queueWaits.prefetch();
      return [...(await catalog.services())];
    },
    'queue.issueTicket': ({ serviceId, locale, priority }) => {
      const recognised = recognition.flags();
      return tickets.issue(serviceId, locale, { priority: priority === true || recognised.priority, ...(recognised.vip ? { vip: 'card' as const } : {}) });
    },
    'queue.recognition': ({ listening }) => recognition.listen(listening),
    'queue.reprintTicket': ({ ticketId, locale }) => tickets.reprint(ticketId, locale),
    'devices.list': () => devices.list(),
    'sync.status': () => sync.current(),
    'services.availability': () => availability.list(),
    ...assist.handlers,
    ...billPayment.handlers,
    ...recommendations.handlers,
    ...accountServices.handlers,
    ...cardReplacement.handlers,
    ...accountOpening.handlers,
    ...appointments.handlers,
    // Satisfaction after a journey (issue 13): an outbox row, delivered by the next sync.
    'feedback.submit': async (answer) => {
      await recordFeedback(outbox, log, answer);
      sync.kick();
      return { ok: true as const };
    },
    'knowledge.search': async ({ query, locale, category, limit }) => ({ hits: await knowledge.search(query, locale, { category, limit }) }),
    'knowledge.article': ({ id }) => knowledge.article(id),
    ...service.handlers,
    'wall.feed': () => {
      wall.start();
      return wall.current();
    },
    'session.ended': ({ reason }) => {
      log.info({ reason }, 'customer session ended');
      presence.ended();
      assist.sessionEnded(reason);
      void billPayment.service.sessionEnded(reason);
      recommendations.service.sessionEnded();
      void accountServices.service.sessionEnded(reason);
      void cardReplacement.service.sessionEnded(reason);
      void accountOpening.service.sessionEnded(reason);
      firstCard.clear();
      appointments.service.setScanner('off', config.ui.defaultLocale);
      recognition.reset();
      return { ok: true as const };
    },
    'session.opened': () => {
      // Ends a request or call like leaving the visit does (the hub hears "customer ended").
      log.info({}, 'customer page opened: ending what an earlier page left');
      presence.ended();
      assist.sessionEnded('home');
      recognition.reset();
      void billPayment.service.sessionEnded('page opened');
      recommendations.service.sessionEnded();
      void accountServices.service.sessionEnded('page opened');
      void cardReplacement.service.sessionEnded('page opened');
      void accountOpening.service.sessionEnded('page opened');
      firstCard.clear();
      return { ok: true as const };
    },
  };

  log.info({ kioskId: config.kioskId, version, dataDir: config.dataDir, hubUrl: config.hubUrl }, 'host started');
  contactHub(() => assist.start());
  const dispatch = createDispatcher(handlers, log);
  contactHub(() => {
    void billPayment.service.ensureCardKey();
    billPayment.answers.start();
  });
  const host: KioskHost = {
    config,
    events,
    dispatch: (method, params) => {
      if (typeof method === 'string') presence.request(method);
      return dispatch(method, params);
    },
    devices,
    devicesReady: devicesReady.catch(() => undefined),
    describe: () => [`store        ${path.join(config.dataDir, 'kiosk.sqlite')}`, ...devices.describe(), `sync         ${config.hubUrl ?? 'no hub configured (offline only)'}`, assist.describe(), `kioskctl     ${admin.socketPath}`],
    syncNow: () => sync.runNow(),
    paymentAnswersNow: () => billPayment.answers.runOnce(),
    close() {
      // Once: an update's restart (closeAndExit) can come while a failed start is already closing.
      closeStarted();
      closing ??= closeOnce();
      return closing;
    },
  };
  const closeOnce = async () => {
    service.close();
    fleetCommands.close();
    fleetHealth.close();
    wall.stop();
    billPayment.service.close();
    billPayment.answers.stop();
    appointments.service.close();
    recognition.close();
    // Before the outbox closes: the journey's records and compensations are written first.
    await accountServices.service.close();
    cardReplacement.close();
    accountOpening.close();
    await accountOpening.service.close();
    await cardReplacement.service.close();
    assist.close();
    await admin.close();
    await sync.stop();
    await devices.close();
    await db.close();
    // Last: a clean exit is what tells the next start this run did not crash.
    await updates.close();
    log.info('host stopped');
  };
  return host;
}
