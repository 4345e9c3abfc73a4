// Service mode on the host: technician sign-in (PIN + TOTP, lockout), the session, device
// tests, the log viewer, restarts, and the out-of-service watch. Every technician action is
// audited (service-store.node.ts). Returns the bridge handlers for service-contract.ts.
import { BridgeError } from '../../bridge/contract.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import type { EventBus } from '../../bridge/event-bus.js';
import { hostTestSchema, pageTestSchema, type serviceRequests, type DeviceTest, type EnterResult, type HostTest, type TestResult } from '../../bridge/service-contract.js';
import type { CredentialsProtection } from '../kiosk-credentials.node.js';
import type { HostLogger } from '../log.node.js';
import { deviceKindFor, runHostTest, type DeviceTestSource } from './device-tests.node.js';
import { checkHub, fetchIceServers, type HubCheckDeps } from './hub-check.node.js';
import { afterFailure, afterSuccess, attemptsLeft, DEFAULT_LOCKOUT, lockedFor, type LockoutPolicy } from './lockout.js';
import { readLogPage } from './log-tail.node.js';
import { OutOfServiceWatch, type JourneyId } from './out-of-service.js';
import { verifyPin } from './pin-hash.node.js';
import { realClock, ServiceSessions, type ServiceEndReason, type ServiceSession, type SessionClock } from './service-session.js';
import type { AuditAction, ServiceStore } from './service-store.node.js';
import { loadTechnicianCredentials } from './technician-credentials.node.js';
import { matchTotp } from './totp.js';

export type ServiceHandlers = Pick<HandlerMap, keyof typeof serviceRequests>;

export interface ServiceModeDeps {
  kioskId: string;
  version: string;
  /** Full path of the technician credentials file (technicianFile()). */
  credentialsFile: string;
  /** The sealings the credentials file may use (see loadTechnicianCredentials). */
  openers?: readonly CredentialsProtection[];
  journeys: readonly JourneyId[];
  devices: DeviceTestSource;
  events: EventBus;
  store: ServiceStore;
  hub: HubCheckDeps;
  /** The host log the viewer reads; null when the host logs elsewhere (stdout only). */
  logFile: string | null;
  log: HostLogger;
  /**
   * Restart the host process now (close, then exit for the supervisor to start it again);
   * null when nothing would start it again (`npm start` in a terminal): then the host
   * reopens what it can (`softRestart`) and the page reloads.
   */
  restartHost: (() => void) | null;
  softRestart: () => void;
  idleMs: number;
  readerWaitMs: number;
  outOfServiceGraceMs: number;
  lockout?: LockoutPolicy;
  clock?: SessionClock;
}

/** What remote commands (electron/host/fleet/commands) do through service mode. */
export interface RemoteServiceControls {
  setMaintenance(on: boolean): void;
  inMaintenance(): boolean;
  /** A host test run for the hub; refused (BridgeError) while another test runs. */
  runTest(test: HostTest, by: { technician: string; sessionId: string }): Promise<TestResult>;
  /** What "restart host" does in this process; the caller decides when. */
  restartMode(): 'exit' | 'soft';
  restartHost(): void;
  /** Audited like a technician's action, with the hub's staff member as the actor. */
  audit(outcome: string, by: { technician: string; sessionId: string }, detail: Record<string, string | number | boolean | null>): Promise<void>;
}

export interface ServiceMode {
  handlers: ServiceHandlers;
  remote: RemoteServiceControls;
  close(): void;
}

const PAGE_TESTS: readonly DeviceTest[] = pageTestSchema.options;

export function createServiceMode(deps: ServiceModeDeps): ServiceMode {
  const clock = deps.clock ?? realClock;
  const { store, log } = deps;
  let running: { sessionId: string; abort: AbortController } | null = null;

  const audit = (action: AuditAction, outcome: string, session: Pick<ServiceSession, 'id' | 'technician'> | null, detail: Record<string, string | number | boolean | null> = {}) =>
    store.audit({ action, outcome, technician: session?.technician ?? null, sessionId: session?.id ?? null, detail }).catch((err: unknown) => {
      // The action itself already happened; losing its audit row must at least be loud.
      log.error({ err, action }, 'service mode: audit row not recorded');
    });

  const endAudit: Record<ServiceEndReason, AuditAction> = { left: 'leave', expired: 'expired', replaced: 'replaced', restart: 'restart' };
  const sessions = new ServiceSessions(
    deps.idleMs,
    (session, reason) => {
      if (running?.sessionId === session.id) running.abort.abort();
      log.info({ technician: session.technician, reason }, 'service mode ended');
      deps.events.emit('serviceMode.ended', { sessionId: session.id, reason });
      if (reason !== 'left' && reason !== 'restart') void audit(endAudit[reason], 'ok', session);
    },
    clock,
  );

  const watch = new OutOfServiceWatch({
    journeys: deps.journeys,
    devices: () => deps.devices.list(),
    graceMs: deps.outOfServiceGraceMs,
    timers: clock,
    emit: (s) => {
      if (s.outOfService) log.warn({ blockedBy: s.blockedBy }, 'kiosk out of service');
      else log.info('kiosk back in service');
      deps.events.emit('kiosk.outOfService', s);
    },
  });
  const unsubscribe = deps.events.subscribe((name) => {
    if (name === 'device.health') watch.evaluate();
  });
  watch.evaluate();

  // Sign-ins one at a time: two at once must not both read the same failure count.
  let signIn: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = signIn.then(work, work);
    signIn = next.catch(() => undefined);
    return next;
  };

  async function enter(pin: string, totp: string): Promise<EnterResult> {
    let creds;
    try {
      creds = await loadTechnicianCredentials(deps.credentialsFile, deps.openers);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'service mode: technician credentials unreadable');
      creds = null;
    }
    if (!creds) {
      void audit('enter-refused', 'not-configured', null);
      return { ok: false, reason: 'not-configured' };
    }
    const policy = deps.lockout ?? DEFAULT_LOCKOUT;
    const now = clock.now();
    const state = await store.lockout();
    const wait = lockedFor(state, now);
    if (wait > 0) {
      void audit('enter-refused', 'locked', null, { retryAfterMs: wait });
      return { ok: false, reason: 'locked', retryAfterMs: wait };
    }
    // Both checks always run, so the answer's timing does not tell which one failed.
    const [pinOk, step] = await Promise.all([verifyPin(pin, creds.pinHash), Promise.resolve(matchTotp(creds.totpSecret, totp, now))]);
    const fresh = step !== null && (state.lastTotpStep === null || step > state.lastTotpStep);
    if (!pinOk || !fresh) {
      const next = afterFailure(state, now, policy);
      await store.saveLockout(next);
      const locked = lockedFor(next, now);
      void audit('enter-refused', locked > 0 ? 'locked-out' : 'wrong', null, { attemptsLeft: attemptsLeft(next, policy), ...(locked > 0 ? { lockedForMs: locked } : {}) });
      log.warn({ locked: locked > 0 }, 'service mode: sign-in refused');
      return locked > 0 ? { ok: false, reason: 'locked', retryAfterMs: locked } : { ok: false, reason: 'wrong', attemptsLeft: attemptsLeft(next, policy) };
    }
    await store.saveLockout(afterSuccess(state, step));
    const session = sessions.start(creds.technicianId);
    void audit('enter', 'ok', session);
    log.info({ technician: session.technician }, 'service mode entered');
    return { ok: true, sessionId: session.id, technician: session.technician, idleTimeoutMs: deps.idleMs };
  }

  function availableTests(): { test: DeviceTest; role: string | null }[] {
    const out: { test: DeviceTest; role: string | null }[] = [];
    for (const test of hostTestSchema.options) {
      const kind = deviceKindFor(test);
      const role = kind ? deps.devices.roleOf(kind) : null;
      if (kind === null || role !== null) out.push({ test, role });
    }
    return [...out, ...PAGE_TESTS.map((test) => ({ test, role: null }))];
  }

  async function runTest(session: Pick<ServiceSession, 'id' | 'technician'>, test: HostTest): Promise<TestResult> {
    if (running) throw new BridgeError('BAD_REQUEST', 'a device test is already running');
    const abort = new AbortController();
    running = { sessionId: session.id, abort };
    const started = new Date(clock.now());
    try {
      const verdict = await runHostTest(test, { devices: deps.devices, kioskId: deps.kioskId, checkHub: () => checkHub(deps.hub), waitMs: deps.readerWaitMs }, abort.signal);
      const result = await store.recordTest({ test, ...verdict, technician: session.technician, sessionId: session.id, startedAt: started, durationMs: Math.max(0, clock.now() - started.getTime()) });
      void audit('test', result.outcome, session, { test, role: result.role, reason: result.reason });
      log.info({ test, outcome: result.outcome, reason: result.reason }, 'service mode: device test');
      return result;
    } finally {
      running = null;
    }
  }

  const handlers: ServiceHandlers = {
    'kiosk.outOfService': () => watch.current(),
    'serviceMode.enter': ({ pin, totp }) => serially(() => enter(pin, totp)),
    'serviceMode.touch': ({ sessionId }) => (sessions.use(sessionId), { ok: true as const }),
    'serviceMode.overview': async ({ sessionId }) => {
      const session = sessions.use(sessionId);
      const last = await store.lastResults();
      return {
        kioskId: deps.kioskId,
        version: deps.version,
        technician: session.technician,
        devices: deps.devices.list().map((d) => ({ role: d.role, kind: d.kind, state: d.state, ...(d.reason ? { reason: d.reason } : {}) })),
        ...(deps.devices.pinWorkingKey && deps.devices.roleOf('pin-pad') ? { pinKey: deps.devices.pinWorkingKey() } : {}),
        tests: availableTests().map((t) => ({ ...t, last: last.get(t.test) ?? null })),
      };
    },
    'serviceMode.runTest': ({ sessionId, test }) => runTest(sessions.use(sessionId), test),
    'serviceMode.cancelTest': ({ sessionId }) => {
      sessions.use(sessionId);
      if (running?.sessionId !== sessionId) return { cancelled: false };
      running.abort.abort();
      return { cancelled: true };
    },
    'serviceMode.iceServers': ({ sessionId }) => {
      sessions.use(sessionId);
      return fetchIceServers(deps.hub);
    },
    'serviceMode.reportTest': async ({ sessionId, test, passed, reason, durationMs }) => {
      const session = sessions.use(sessionId);
      const now = clock.now();
      const result = await store.recordTest({ test, role: null, outcome: passed ? 'pass' : 'fail', reason: passed ? null : (reason ?? 'unknown'), technician: session.technician, sessionId, startedAt: new Date(now - durationMs), durationMs });
      void audit('test', result.outcome, session, { test, reason: result.reason });
      return result;
    },
    'serviceMode.logs': async ({ sessionId, minLevel, before, limit }) => {
      const session = sessions.use(sessionId);
      const page = await readLogPage(deps.logFile, { minLevel, before, limit });
      void audit('logs', 'ok', session, { minLevel, before, lines: page.lines.length });
      return page;
    },
    'serviceMode.restart': async ({ sessionId, target }) => {
      const session = sessions.use(sessionId);
      const mode = target === 'ui' ? 'reload-page' : deps.restartHost ? 'exit' : 'soft';
      await audit('restart', 'ok', session, { target, mode });
      log.warn({ technician: session.technician, target, mode }, 'service mode: restart');
      sessions.end(sessionId, 'restart');
      if (mode === 'soft') deps.softRestart();
      // After this answer has left: the page must hear "exit" before the bridge goes away.
      if (mode === 'exit') setImmediate(() => deps.restartHost?.());
      return { mode };
    },
    'serviceMode.leave': async ({ sessionId }) => {
      const session = sessions.use(sessionId);
      await audit('leave', 'ok', session);
      sessions.end(sessionId, 'left');
      return { ok: true as const };
    },
  };

  const remote: RemoteServiceControls = {
    setMaintenance: (on) => watch.setMaintenance(on),
    inMaintenance: () => watch.inMaintenance,
    runTest: (test, by) => runTest({ id: by.sessionId, technician: by.technician }, test),
    restartMode: () => (deps.restartHost ? 'exit' : 'soft'),
    restartHost: () => (deps.restartHost ? deps.restartHost() : deps.softRestart()),
    audit: async (outcome, by, detail) => void (await audit('remote-command', outcome, { id: by.sessionId, technician: by.technician }, detail)),
  };

  return {
    handlers,
    remote,
    close() {
      running?.abort.abort();
      unsubscribe();
      watch.close();
      sessions.close();
    },
  };
}
