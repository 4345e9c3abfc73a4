// The kiosk host's side of video assistance: holds the signaling socket to the hub (opened
// when the customer asks for help, closed when the visit is over), reconnects within the
// hub's grace period by an injected policy, and moves the call state machine. Every phase
// has a deadline, so a dead hub or a dead call never leaves the customer on a frozen screen.
import type { KioskInbound, KioskMessage } from '../../../hub/assist/protocol.js';
import type { AssistEndReason, AssistState, AssistStatus } from '../../bridge/assist-contract.js';
import { AssistMachine, callOf } from './assist-machine.js';
import { DEFAULT_ASSIST_TIMEOUTS, type AssistClientOptions, type AssistTimeouts, type HelpInput } from './assist-options.js';
import { applyHubMessage, isAsking } from './hub-inbound.js';
import { handleSocketLost } from './hub-outage.js';
import { graceReconnectPolicy } from './reconnect-policy.js';
import { SocketKeeper } from './socket-keeper.node.js';
import { Timers } from './timers.js';

export class AssistClient {
  private readonly machine: AssistMachine;
  private readonly timeouts: AssistTimeouts;
  private readonly timers = new Timers<'phase' | 'linger'>();
  private readonly hub: SocketKeeper | null;
  private help: HelpInput | null = null;
  /** The session whose media came up: only those calls are rated. */
  private connectedSession: string | null = null;
  private waitDeadline: number | null = null;

  constructor(private readonly opts: AssistClientOptions) {
    this.machine = new AssistMachine(opts.log, (status) => opts.onStatus(status));
    this.timeouts = { ...DEFAULT_ASSIST_TIMEOUTS, ...opts.timeouts };
    const on = { onMessage: (message: KioskInbound) => this.onHubMessage(message), onLost: (info: { code: number; reason: string }) => this.onSocketLost(info) };
    this.hub = opts.hubUrl ? new SocketKeeper({ ...opts, ...on, hubUrl: opts.hubUrl, openTimeoutMs: this.timeouts.openMs, policy: opts.policy ?? graceReconnectPolicy() }) : null;
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

  async rate(sessionId: string, rating: number): Promise<AssistStatus> {
    const state = this.state;
    if (state.phase !== 'ended' || state.sessionId !== sessionId || !state.rateable) return this.status();
    await this.opts.records.rating(sessionId, rating);
    // If the socket lingered out, one is opened just to deliver it (the outbox has it anyway).
    const delivered = (await this.hub?.deliver({ type: 'call.rate', sessionId, rating })) ?? false;
    if (!delivered) this.opts.log.warn({ sessionId }, 'assist: rating kept in the outbox only');
    if (this.state === state) this.enter({ phase: 'idle' }, 'customer rated the call');
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
    this.reset('home'); // ends any call on the hub, clears every timer, drops the socket
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
        return this.timers.arm('linger', t.lingerMs, () => this.hub?.drop());
      case 'idle':
        this.help = null;
        this.timers.clearAll();
        return this.hub?.drop();
      default:
        return;
    }
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
