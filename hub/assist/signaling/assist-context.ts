// The state the assistance service's handlers share: the queue, the expert roster, the live
// calls, who is connected, the SLA clocks and the write queue. Handlers live in their own
// files (kiosk-handlers, expert-handlers, call-control, presence) and receive this object.
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../clock.js';
import { ExpertRoster, type StaffProfile } from '../experts/expert-roster.js';
import type { ExpertInbound, IceServer, KioskInbound } from '../../../protocol/assist-signaling.js';
import type { HealthReport } from '../../../protocol/fleet-health.js';
import { AssistanceQueue, type WaitingRequest } from '../queue/assistance-queue.js';
import type { PriorityPolicy } from '../queue/priority.js';
import { HandleTimeAverage } from '../queue/wait-estimate.js';
import type { CallParty, CallSession } from '../session/call-session.js';
import type { GracePolicy } from '../session/grace-policy.js';
import { SlaMonitor, type SlaBreachEvent } from '../sla/sla-monitor.js';
import type { SlaRule } from '../sla/sla-rules.js';
import type { AssistStore } from '../storage/assist-store.js';
import type { KioskLink, StaffLink } from './peers.js';
import { WriteQueue } from './write-queue.js';

export interface DecisionFields {
  decisionId: string;
  sessionId: string;
  authRequestId: string;
  kioskId: string;
  staffId: string;
  action: string;
  decision: 'approve' | 'decline';
  decidedAt: string;
}

/** Where kiosks' health reports and socket comings and goings go (hub/fleet); optional. */
export interface KioskHealthSink {
  report(kioskId: string, report: HealthReport): void;
  connected(kioskId: string): void;
  disconnected(kioskId: string): void;
}

/** Where kiosks' socket comings and goings and command acknowledgements go (hub/fleet/commands); optional. */
export interface KioskCommandSink {
  connected(kioskId: string): void;
  disconnected(kioskId: string): void;
  acknowledged(kioskId: string, commandId: string): Promise<void>;
}

export interface AssistServiceOptions {
  clock: Clock;
  store: AssistStore;
  logger: Logger;
  priority: PriorityPolicy;
  slaRules: readonly SlaRule[];
  grace: GracePolicy;
  /** ICE servers (with fresh TURN credentials) for one party. */
  iceServers(partyId: string): IceServer[];
  signDecision(fields: DecisionFields): string;
  /** Seconds for a free expert to accept, assumed until calls are answered; feeds the wait estimate. */
  answerSec?: number;
  /** Talk time assumed before any call has ended. */
  initialHandleSec?: number;
  /** How often supervisors get a snapshot even when nothing happened (waits grow). */
  supervisorRefreshSec?: number;
  /**
   * Queue positions and snapshots go out at most this often (default 250 ms): every change
   * re-sends the queue to every expert, so a burst of requests must not multiply that.
   */
  publishIntervalMs?: number;
  /** Fleet health: `health.report` messages and kiosk sockets opening and closing. */
  kioskHealth?: KioskHealthSink | undefined;
  /** Remote commands: delivered on connect, acknowledged on the socket. */
  kioskCommands?: KioskCommandSink | undefined;
}

export interface LiveCall {
  call: CallSession;
  /** The request as it was accepted; re-queued from this after a transfer or a lost expert. */
  request: WaitingRequest;
  expert: StaffProfile;
  /** Grace timers of parties whose socket is gone. */
  grace: Map<CallParty, TimerHandle>;
}

export class AssistContext {
  readonly queue: AssistanceQueue;
  readonly roster: ExpertRoster;
  readonly sla: SlaMonitor;
  readonly handleTime: HandleTimeAverage;
  /** Recent seconds from "expert free and customer waiting" to accept; feeds the wait estimate. */
  readonly answerTime: HandleTimeAverage;
  readonly writes: WriteQueue;
  readonly kiosks = new Map<string, KioskLink>();
  readonly staff = new Map<string, StaffLink>();
  readonly calls = new Map<string, LiveCall>();
  readonly callByKiosk = new Map<string, string>();
  readonly callByStaff = new Map<string, string>();
  /** Grace timers of disconnected parties that are not in a call, keyed `kiosk:id`/`staff:id`. */
  readonly idleGrace = new Map<string, TimerHandle>();
  /** Set by the fan-out module; called (coalesced) after every change. */
  publish: () => void = () => undefined;
  /** Set by the service; called for every SLA breach. */
  onBreach: (breach: SlaBreachEvent) => void = () => undefined;
  private publishScheduled = false;
  private lastPublishAt = -Infinity;
  private publishTimer: TimerHandle | undefined;

  constructor(readonly options: AssistServiceOptions) {
    const { clock, logger } = options;
    this.queue = new AssistanceQueue(options.priority, clock);
    this.roster = new ExpertRoster(
      () => clock.now(),
      (change) => logger.info({ staffId: change.staffId, cause: change.cause }, `assist: expert ${change.from} → ${change.to}`),
    );
    this.sla = new SlaMonitor(options.slaRules, clock, (breach) => this.onBreach(breach));
    this.handleTime = new HandleTimeAverage(options.initialHandleSec ?? 240);
    this.answerTime = new HandleTimeAverage(options.answerSec ?? 10);
    this.writes = new WriteQueue(logger);
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  toKiosk(kioskId: string, message: KioskInbound): void {
    this.kiosks.get(kioskId)?.send(message);
  }

  toStaff(staffId: string, message: ExpertInbound): void {
    this.staff.get(staffId)?.send(message);
  }

  liveCallOfKiosk(kioskId: string): LiveCall | undefined {
    const sessionId = this.callByKiosk.get(kioskId);
    return sessionId === undefined ? undefined : this.calls.get(sessionId);
  }

  liveCallOfStaff(staffId: string): LiveCall | undefined {
    const sessionId = this.callByStaff.get(staffId);
    return sessionId === undefined ? undefined : this.calls.get(sessionId);
  }

  /**
   * Queue positions, expert snapshots and the supervisor feed: once per burst, and throttled.
   * `now` is for what a person is waiting on — a help request, an accept, a cancel: it goes
   * out at the end of this tick even inside the throttle window (a customer pressing Help
   * must not wait out a snapshot that a socket connect sent a moment before).
   */
  changed(urgency: 'throttled' | 'now' = 'throttled'): void {
    if (this.publishScheduled && !(urgency === 'now' && this.publishTimer)) return;
    if (this.publishTimer) {
      this.clock.clearTimeout(this.publishTimer);
      this.publishTimer = undefined;
    }
    this.publishScheduled = true;
    const run = () => {
      this.publishTimer = undefined;
      this.publishScheduled = false;
      this.lastPublishAt = this.clock.now();
      this.publish();
    };
    const waitMs = urgency === 'now' ? 0 : this.lastPublishAt + (this.options.publishIntervalMs ?? 250) - this.clock.now();
    if (waitMs <= 0) queueMicrotask(run);
    else this.publishTimer = this.clock.setTimeout(run, waitMs);
  }

  cancelIdleGrace(key: string): void {
    const handle = this.idleGrace.get(key);
    if (handle) this.clock.clearTimeout(handle);
    this.idleGrace.delete(key);
  }
}
