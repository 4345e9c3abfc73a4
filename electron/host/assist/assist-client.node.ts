// The kiosk host's side of video assistance: holds the kiosk's one signaling socket to the
// hub (open from start, reopened with backoff while idle; or, with keepConnected false, one
// per visit), reconnects within the hub's grace period during a request or call by an
// injected policy, and moves the call state machine. Every phase
// has a deadline, so a dead hub or a dead call never leaves the customer on a frozen screen.
import { ASSIST_CLOSE_CODES, type KioskInbound, type KioskMessage } from '../../../protocol/assist-signaling.js';
import type { Language } from '../../../protocol/assist-values.js';
import type { FeedbackAnswer } from '../../../protocol/customer-feedback.js';
import type { AssistEndReason, AssistState, AssistStatus } from '../../bridge/assist-contract.js';
import { AssistMachine, callOf } from './assist-machine.js';
import { DEFAULT_ASSIST_TIMEOUTS, DEFAULT_IDLE_RECONNECT, type AssistClientOptions, type AssistTimeouts, type HelpInput } from './assist-options.js';
import { applyHubMessage, isAsking } from './hub-inbound.js';
import { handleSocketLost } from './hub-outage.js';
import { graceReconnectPolicy } from './reconnect-policy.js';
import { SocketKeeper } from './socket-keeper.node.js';
import { fullJitterDelay } from '../sync-backoff.js';
import { Timers } from './timers.js';

export class AssistClient {
  private readonly machine: AssistMachine;
  private readonly timeouts: AssistTimeouts;
  private readonly timers = new Timers<'phase' | 'linger' | 'presence'>();
  private readonly hub: SocketKeeper | null;
  private help: HelpInput | null = null;
  /** The session whose media came up: only those calls are rated. */
  private connectedSession: string | null = null;
  private ratedSession: string | null = null;
  private waitDeadline: number | null = null;
  private readonly keepConnected: boolean;
  /** Failed idle reconnects in a row: the backoff exponent. */
  private idleFailures = 0;
  private closed = false;
  /** Replaced by another connection of this kiosk, or revoked. */
  private shutOut = false;

  constructor(private readonly opts: AssistClientOptions) {
    this.machine = new AssistMachine(opts.log, (status) => opts.onStatus(status));
    this.timeouts = { ...DEFAULT_ASSIST_TIMEOUTS, ...opts.timeouts };
    this.keepConnected = opts.keepConnected ?? true;
    const on = { onMessage: (message: KioskInbound) => this.onHubMessage(message), onLost: (info: { code: number; reason: string }) => this.onSocketLost(info) };
    this.hub = opts.hubUrl ? new SocketKeeper({ ...opts, ...on, hubUrl: opts.hubUrl, openTimeoutMs: this.timeouts.openMs, policy: opts.policy ?? graceReconnectPolicy() }) : null;
  }

  /** Opens the kiosk's socket now, before anyone asks for help (keepConnected). */
  start(): void {
    this.keepPresence();
  }

  status(): AssistStatus {
    return this.machine.status();
  }

  get state(): AssistState {
    return this.machine.state;
  }

  requestHelp(input: HelpInput): AssistStatus {
    if (this.state.phase !== 'idle' && this.state.phase !== 'ended') return this.status();
    this.help = input;
    this.connectedSession = null;
    this.waitDeadline = null;
    this.enter({ phase: 'requesting' }, 'customer asked for help');
    if (!this.hub) {
      this.finish('unavailable', 'no hub configured');
      return this.status();
    }
    this.hub
      .ensure()
      .then(() => this.askHub())
      .catch((err: unknown) => {
        this.opts.log.warn({ err: (err as Error).message }, 'assist: hub not reachable');
        if (this.state.phase === 'requesting') this.finish('unavailable', 'hub not reachable');
      });
    return this.status();
  }

  /** Leaves a request, or closes the ended screen. A call is left with `end`. */
  cancel(): AssistStatus {
    if (this.state.phase === 'ended') this.enter({ phase: 'idle' }, 'customer closed the help screen');
    else if (isAsking(this.state)) {
      this.send({ type: 'help.cancel' });
      this.finish('cancelled', 'customer cancelled');
      this.enter({ phase: 'idle' }, 'customer cancelled');
    }
    return this.status();
  }

  signal(sessionId: string, data: Record<string, unknown>): { sent: boolean } {
    if (callOf(this.state)?.sessionId !== sessionId) return { sent: false };
    return { sent: this.send({ type: 'signal', sessionId, data }) };
  }

  connected(sessionId: string): AssistStatus {
    const state = this.state;
    if (callOf(state)?.sessionId !== sessionId) return this.status();
    this.connectedSession = sessionId;
    if (state.phase === 'connecting') this.enter({ ...state, phase: 'in-call' }, 'media connected');
    else if (state.phase === 'reconnecting' && state.from.phase === 'connecting') this.enter({ ...state, from: { ...state.from, phase: 'in-call' } }, 'media connected');
    return this.status();
  }

  end(sessionId: string, reason: Extract<KioskMessage, { type: 'call.end' }>['reason']): AssistStatus {
    if (callOf(this.state)?.sessionId !== sessionId) return this.status();
    this.send({ type: 'call.end', sessionId, reason });
    this.finish(reason, `kiosk ended the call (${reason})`);
    return this.status();
  }

  /**
   * Only a call whose media came up is rated, once. The answer may arrive after the session
   * ended (the page sends what the customer gave when the visit times out), so it is judged
   * by the call it names, not by the current phase.
   */
  async rate(sessionId: string, answer: FeedbackAnswer, locale: Language): Promise<AssistStatus> {
    if (sessionId !== this.connectedSession || this.ratedSession === sessionId) return this.status();
    this.ratedSession = sessionId;
    const state = this.state;
    await this.opts.records.feedback(sessionId, answer, locale);
    // If the socket lingered out, one is opened just to deliver it (the outbox has it anyway).
    const delivered = (await this.hub?.deliver({ type: 'call.rate', sessionId, nps: answer.score })) ?? false;
    if (!delivered) this.opts.log.warn({ sessionId }, 'assist: rating kept in the outbox only');
    if (this.state === state && state.phase === 'ended') this.enter({ phase: 'idle' }, 'customer rated the call');
    return this.status();
  }

  /** The customer's session ended (idle timeout, Done, left the visit): nothing may outlive it. */
  reset(reason: 'idle' | 'home' | 'completed'): void {
    const call = callOf(this.state);
    if (call) this.send({ type: 'call.end', sessionId: call.sessionId, reason: reason === 'idle' ? 'idle-timeout' : reason === 'completed' ? 'completed' : 'customer-ended' });
    else if (isAsking(this.state)) this.send({ type: 'help.cancel' });
    if (this.state.phase !== 'idle' && this.state.phase !== 'ended') this.finish('session-ended', `customer session ended (${reason})`);
    if (this.state.phase !== 'idle') this.enter({ phase: 'idle' }, `customer session ended (${reason})`);
  }

  close(): void {
    this.closed = true;
    this.reset('home'); // ends any call on the hub
    this.timers.clearAll();
    this.hub?.drop();
  }

  /** The one place that moves the machine; arms the new phase's deadline. */
  private enter(next: AssistState, cause: string): void {
    const previous = this.state;
    if (!this.machine.set(next, cause) || previous.phase === next.phase) return;
    const t = this.timeouts;
    this.timers.clear('phase');
    if (next.phase !== 'ended') this.timers.clear('linger');
    if (next.phase !== 'reconnecting') this.hub?.stopReconnecting();
    switch (next.phase) {
      case 'requesting':
        return this.timers.arm('phase', t.answerMs, () => this.giveUp('requesting', 'unavailable', 'hub did not answer the help request'));
      case 'waiting':
        this.waitDeadline ??= Date.now() + t.maxWaitMs;
        return this.timers.arm('phase', this.waitDeadline - Date.now(), () => this.giveUp('waiting', 'no-answer', 'no expert answered in time'));
      case 'connecting':
        return this.timers.arm('phase', t.connectMs, () => {
          if (this.state.phase === 'connecting') this.end(this.state.sessionId, 'media-failed');
        });
      case 'ended':
        if (this.keepConnected) return this.keepPresence();
        return this.timers.arm('linger', t.lingerMs, () => this.hub?.drop());
      case 'idle':
        this.help = null;
        this.timers.clearAll();
        if (this.keepConnected) return this.keepPresence();
        return this.hub?.drop();
      default:
        return;
    }
  }

  /**
   * Between visits: make sure the socket is open, or retry with full-jitter backoff. During a
   * request or call the outage handling (hub-outage.ts) owns reconnecting instead.
   */
  private keepPresence(): void {
    const hub = this.hub;
    if (!hub || !this.keepConnected || this.closed || this.shutOut || hub.open) return;
    const phase = this.state.phase;
    if (phase !== 'idle' && phase !== 'ended') return;
    this.timers.clear('presence');
    hub.ensure().then(
      () => {
        if (this.idleFailures > 0) this.opts.log.info({ attempts: this.idleFailures }, 'assist: hub socket open again');
        this.idleFailures = 0;
      },
      (err: unknown) => {
        this.idleFailures += 1;
        const delay = fullJitterDelay(this.idleFailures, this.opts.idleReconnect ?? DEFAULT_IDLE_RECONNECT, Math.random);
        // The first failure is worth a line; the rest of an outage repeats it every minute at most.
        if (this.idleFailures === 1) this.opts.log.warn({ err: (err as Error).message }, 'assist: hub socket not open; retrying in the background');
        if (!this.closed) this.timers.arm('presence', delay, () => this.keepPresence());
      },
    );
  }

  private giveUp(phase: 'requesting' | 'waiting', reason: AssistEndReason, cause: string): void {
    if (this.state.phase !== phase) return;
    this.send({ type: 'help.cancel' });
    this.finish(reason, cause);
  }

  private finish(reason: AssistEndReason, cause: string): void {
    const sessionId = callOf(this.state)?.sessionId ?? null;
    this.enter({ phase: 'ended', reason, sessionId, rateable: sessionId !== null && sessionId === this.connectedSession }, cause);
  }

  private askHub(): void {
    const help = this.help;
    const state = this.state;
    const asking = state.phase === 'requesting' || (state.phase === 'reconnecting' && state.from.phase === 'requesting');
    if (!help || !asking) return;
    this.send({ type: 'help.request', language: help.locale, topic: help.topic, flags: { ...help.flags, urgent: false }, journeyStep: help.journeyStep });
  }

  private send(message: KioskMessage): boolean {
    return this.hub?.send(message) ?? false;
  }

  private onHubMessage(message: KioskInbound): void {
    applyHubMessage(
      {
        state: this.state,
        enter: (next, cause) => this.enter(next, cause),
        finish: (reason, cause) => this.finish(reason, cause),
        queuedAgain: () => (this.waitDeadline = null),
        recordDecision: (decision) => void this.opts.records.decision(decision, this.help?.journeyStep ?? null),
        warn: (obj, msg) => this.opts.log.warn(obj, msg),
      },
      message,
    );
    if (message.type !== 'hello' && message.type !== 'pong') this.opts.onHubMessage(message);
  }

  private onSocketLost(info: { code: number; reason: string }): void {
    this.opts.log.warn({ code: info.code, reason: info.reason, phase: this.state.phase }, 'assist: hub socket closed');
    if (!this.hub) return;
    // Another process claims to be this kiosk (fighting over the socket would help nobody), or
    // an admin revoked it: no background reopening until the host restarts.
    if (info.code === ASSIST_CLOSE_CODES.replaced || info.code === ASSIST_CLOSE_CODES.revoked) {
      this.shutOut = true;
      this.opts.log.error({ code: info.code }, 'assist: the hub closed this kiosk socket for good; it is not reopened until the host restarts');
    }
    // Nobody is asking for help: reopen quietly in the background, after a random pause, so
    // a branch's kiosks do not all knock at once on a hub that just restarted.
    if (this.state.phase === 'idle' || this.state.phase === 'ended') {
      if (this.shutOut || this.closed || !this.keepConnected) return;
      const delay = fullJitterDelay(1, this.opts.idleReconnect ?? DEFAULT_IDLE_RECONNECT, Math.random);
      return this.timers.arm('presence', delay, () => this.keepPresence());
    }
    handleSocketLost(
      {
        state: () => this.state,
        enter: (next, cause) => this.enter(next, cause),
        finish: (reason, cause) => this.finish(reason, cause),
        askHub: () => this.askHub(),
        resumeDeadline: (fn) => (fn ? this.timers.arm('phase', this.timeouts.resumeMs, fn) : this.timers.clear('phase')),
      },
      this.hub,
      info.code,
    );
  }
}
