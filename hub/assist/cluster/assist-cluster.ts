// Remote assistance across several hub instances. The waiting room's truth is PostgreSQL
// (a QueueStore); each instance keeps a mirror of it for its own sockets' fan-out, and reads
// it again when another instance says it changed (and every few seconds, to heal a missed
// message). Live events cross instances over the cluster bus:
//
//   assist.queue.changed             "read the waiting room again" (from, nothing else)
//   assist.party.<kiosk|staff>.<id>  for one party: `deliver` a message to whoever holds its
//                                    socket; `connected` (a socket opened on instance X: an
//                                    older socket elsewhere is replaced, the call's owner
//                                    resumes it); `left` (the socket closed: grace starts)
//   assist.call.<sessionId>          a party's call messages (signal, end, transfer…) to the
//                                    instance that owns the call — the one where it was accepted
//   assist.durable.sla.breach        SLA breaches, stored in JetStream, shown to every supervisor
//   assist.instance.<id>             answers probes while the instance lives
//   assist.presence                  each instance's experts and their states (wait estimates,
//                                    supervisor feed), on change and as a heartbeat
//   assist.staff.session-ended       a staff session ended (logout) on some instance: the
//                                    SHA-256 of its token, so its socket closes wherever it is
//
// A call's owner records it in PostgreSQL (assist_call_owners). When the owner dies, the
// instance a party reconnects to finds nobody on the call's subject (NATS "no responders")
// and takes the call over; when the instance holding a party's socket dies, the owner's
// periodic probe finds it gone and the party's grace period starts.
//
// An instance subscribes to a party's subject only while it holds that party's socket, owns
// a call with it or runs its grace timer: NATS's interest routing is how an instance finds
// the socket on another instance, with no table of who is where to keep fresh.
import type { Logger } from 'pino';
import type { TimerHandle } from '../clock.js';
import type { StaffProfile } from '../experts/expert-roster.js';
import { ASSIST_CLOSE_CODES, type ExpertInbound, type ExpertMessage, type HubMessage, type KioskInbound, type KioskMessage } from '../../../protocol/assist-signaling.js';
import { isEligible, type WaitingRequest } from '../queue/assistance-queue.js';
import { AlreadyWaitingError, type QueueStore } from '../queue/queue-store.js';
import { CallSession, type CallParty } from '../session/call-session.js';
import type { CallOwnerStore, OwnedCall } from '../storage/call-owners.js';
import type { ExpertState, SlaBreach } from '../../../protocol/assist-values.js';
import type { AssistContext, LiveCall } from '../signaling/assist-context.js';
import { startCall } from '../signaling/call-control.js';
import type { ClusterHooks } from '../signaling/cluster-hooks.js';
import { handleExpertMessage } from '../signaling/expert-handlers.js';
import { closeAbandoned, handleKioskMessage, waitingRequestOf } from '../signaling/kiosk-handlers.js';
import { AssistError, isSupervisor, type AnyLink, type KioskLink, type StaffLink } from '../signaling/peers.js';
import { partyBackInCall, partyLeftCall, revokeKiosk } from '../signaling/presence.js';
import { hashSessionToken } from '../staff/session-tokens.node.js';
import { subjectToken, type BusSubscription, type ClusterBus } from './cluster-bus.js';

export interface AssistClusterOptions {
  bus: ClusterBus;
  /** The shared waiting room (PostgreSQL). */
  queue: QueueStore;
  /**
   * Who runs each live call, so that an instance can take over the calls of one that died.
   * Absent: a call ends with its instance (its parties hear nothing until their grace ends).
   */
  calls?: CallOwnerStore;
  /** How often the waiting room is read again even when nobody said it changed (default 3 s). */
  resyncMs?: number;
}

export const SUBJECTS = {
  queueChanged: 'assist.queue.changed',
  slaBreach: 'assist.durable.sla.breach',
  party: (key: PartyKey) => {
    const [kind, id] = splitKey(key);
    return `assist.party.${kind}.${subjectToken(id)}`;
  },
  call: (sessionId: string) => `assist.call.${subjectToken(sessionId)}`,
  /** Each instance's experts and their states: on every change, and every resync as a heartbeat. */
  presence: 'assist.presence',
  /** Each instance answers probes here while it lives. */
  instance: (instanceId: string) => `assist.instance.${subjectToken(instanceId)}`,
  staffSessionEnded: 'assist.staff.session-ended',
};

type PartyKey = `kiosk:${string}` | `staff:${string}`;
type PartyEnvelope =
  | { t: 'deliver'; from: string; message: HubMessage }
  | { t: 'connected'; from: string }
  | { t: 'left'; from: string }
  /** "Whoever holds this party's socket, say so": answered with `here`. */
  | { t: 'whois'; from: string }
  | { t: 'here'; from: string }
  /** Answered by whoever listens on the party's subject (socket, grace period or call). */
  | { t: 'probe'; from: string }
  /** An admin revoked this kiosk on another instance: close its socket, drop its request, end its call. */
  | { t: 'revoke'; from: string };
interface PresenceMessage {
  from: string;
  experts: { profile: StaffProfile; state: ExpertState; sessionId?: string }[];
}

interface CallEnvelope {
  t: 'party';
  from: string;
  party: CallParty;
  message: KioskMessage | ExpertMessage;
}

function splitKey(key: PartyKey): ['kiosk' | 'staff', string] {
  const at = key.indexOf(':');
  return [key.slice(0, at) as 'kiosk' | 'staff', key.slice(at + 1)];
}

const keyOf = (link: AnyLink): PartyKey => (link.party.kind === 'kiosk' ? `kiosk:${link.party.kioskId}` : `staff:${link.party.profile.staffId}`);
const MAX_REMEMBERED_BREACHES = 10_000;
const CALL_MESSAGES = new Set(['signal', 'call.end', 'transfer', 'authorization.decide']);

export class AssistCluster implements ClusterHooks {
  readonly ready: Promise<void>;
  private readonly bus: ClusterBus;
  private readonly queue: QueueStore;
  private readonly log: Logger;
  private readonly subs: BusSubscription[] = [];
  private readonly partySubs = new Map<PartyKey, BusSubscription>();
  private readonly callSubs = new Map<string, BusSubscription>();
  /** Local parties whose call another instance owns: party → session id. */
  private readonly remoteCalls = new Map<PartyKey, string>();
  /** Owner side: the instance holding a remote party's socket. */
  private readonly holders = new Map<PartyKey, string>();
  private readonly accepting = new Set<string>();
  /** Calls this instance runs and has recorded as its own in the database. */
  private readonly owned = new Set<string>();
  /** Experts other instances reported, per instance, and when it last spoke. */
  private readonly remotePresence = new Map<string, { ids: Set<string>; seenAt: number }>();
  private readonly breached = new Map<string, Set<string>>();
  private lastPresence = '';
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private resyncTimer: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly ctx: AssistContext,
    private readonly options: AssistClusterOptions,
  ) {
    this.bus = options.bus;
    this.queue = options.queue;
    this.log = ctx.logger.child({ instanceId: this.bus.instanceId });
    const localToKiosk = ctx.toKiosk.bind(ctx);
    const localToStaff = ctx.toStaff.bind(ctx);
    ctx.toKiosk = (kioskId: string, message: KioskInbound) => {
      if (message.type === 'call.assigned' || message.type === 'call.end') this.reconcile();
      if (ctx.kiosks.has(kioskId)) localToKiosk(kioskId, message);
      else this.bus.publish(SUBJECTS.party(`kiosk:${kioskId}`), { t: 'deliver', from: this.bus.instanceId, message } satisfies PartyEnvelope);
    };
    ctx.toStaff = (staffId: string, message: ExpertInbound) => {
      if (message.type === 'call.started' || message.type === 'call.end') this.reconcile();
      if (ctx.staff.has(staffId)) localToStaff(staffId, message);
      else this.bus.publish(SUBJECTS.party(`staff:${staffId}`), { t: 'deliver', from: this.bus.instanceId, message } satisfies PartyEnvelope);
    };
    this.subs.push(
      this.bus.subscribe(SUBJECTS.queueChanged, (message) => {
        if ((message as { from?: string }).from !== this.bus.instanceId) this.refresh();
      }),
      this.bus.subscribe(SUBJECTS.slaBreach, (message) => this.onBreachElsewhere(message as { from: string; breach: SlaBreach })),
      this.bus.subscribe(SUBJECTS.instance(this.bus.instanceId), (_message, _subject, reply) => reply?.()),
      this.bus.subscribe(SUBJECTS.presence, (message) => this.onPresence(message as PresenceMessage)),
      this.bus.subscribe(SUBJECTS.staffSessionEnded, (message) => this.onStaffSessionEnded(message as { from: string; tokenHash: string })),
    );
    // Every burst of changes (the fan-out) also tells the other instances about our experts.
    const fanOut = ctx.publish;
    ctx.publish = () => {
      this.announcePresence(false);
      fanOut();
    };
    this.ready = this.refreshNow();
    this.scheduleResync();
  }

  get instanceId(): string {
    return this.bus.instanceId;
  }

  // ── sockets ──────────────────────────────────────────────────────────────────────────
  /** A socket of this instance became its party's current one. */
  connected(link: AnyLink): void {
    // Subscribe first: an owner's answer to `connected` must find this instance listening.
    this.reconcile();
    this.bus.publish(SUBJECTS.party(keyOf(link)), { t: 'connected', from: this.bus.instanceId } satisfies PartyEnvelope);
    if (link.party.kind === 'kiosk') this.takeWaitingClocks(link.party.kioskId);
    if (this.options.calls && !this.ownedCall(keyOf(link))) {
      this.adoptIfOrphaned(link).catch((error: unknown) =>
        this.log.error({ errMessage: error instanceof Error ? error.message : String(error) }, 'cluster: could not check for a call left by a dead instance'),
      );
    }
  }

  /**
   * The party has a live call whose instance is gone (nobody listens on the call's subject):
   * this instance takes it over — the first to change its owner in the database does — and
   * both parties hear it resumed; the one not here gets the grace period to show up.
   */
  private async adoptIfOrphaned(link: AnyLink): Promise<void> {
    const calls = this.options.calls!;
    const [kind, id] = splitKey(keyOf(link));
    const row = await calls.findByParty(kind, id);
    if (!row || row.owner === this.bus.instanceId || this.ctx.calls.has(row.sessionId)) return;
    if (await this.bus.probe(SUBJECTS.call(row.sessionId), { t: 'probe', from: this.bus.instanceId })) return;
    if (!(await calls.takeOver(row.sessionId, row.owner, this.bus.instanceId))) return;
    if (this.closed || this.ctx.calls.has(row.sessionId)) return;
    this.adopt(row);
  }

  private adopt(row: OwnedCall): void {
    const { ctx } = this;
    const { sessionId, request, expert, startedAt } = row;
    const identity = { sessionId, requestId: request.requestId, kioskId: request.kioskId, staffId: expert.staffId, startedAt };
    const call = new CallSession(identity, (change) =>
      ctx.logger.info({ sessionId, kioskId: request.kioskId, staffId: expert.staffId, cause: change.cause }, `assist: call ${change.from} → ${change.to}`),
    );
    const live: LiveCall = { call, request, expert, grace: new Map() };
    ctx.calls.set(sessionId, live);
    ctx.callByKiosk.set(request.kioskId, sessionId);
    ctx.callByStaff.set(expert.staffId, sessionId);
    if (!ctx.roster.get(expert.staffId)) ctx.roster.upsert(expert);
    this.owned.add(sessionId);
    const kioskKey: PartyKey = `kiosk:${request.kioskId}`;
    const staffKey: PartyKey = `staff:${expert.staffId}`;
    this.remoteCalls.delete(kioskKey);
    this.remoteCalls.delete(staffKey);
    this.reconcile();
    this.log.warn({ sessionId, from: row.owner }, 'cluster: took over a call whose hub instance is gone');
    for (const [party, key] of [['kiosk', kioskKey], ['expert', staffKey]] as const) {
      const local = this.localLink(key);
      if (local) {
        partyBackInCall(ctx, live, party, local);
      } else {
        partyLeftCall(ctx, live, party);
        this.bus.publish(SUBJECTS.party(key), { t: 'whois', from: this.bus.instanceId } satisfies PartyEnvelope);
      }
    }
    ctx.changed();
  }

  /** The party's current socket on this instance closed. */
  disconnected(link: AnyLink): void {
    const key = keyOf(link);
    if (this.remoteCalls.delete(key)) this.bus.publish(SUBJECTS.party(key), { t: 'left', from: this.bus.instanceId } satisfies PartyEnvelope);
    this.reconcile();
  }

  /** Messages the cluster handles instead of the single-process handlers; true when handled. */
  async intercept(link: AnyLink, message: KioskMessage | ExpertMessage): Promise<boolean> {
    const key = keyOf(link);
    if ('sessionId' in message && CALL_MESSAGES.has(message.type) && !this.ctx.calls.has(message.sessionId)) {
      if (this.remoteCalls.get(key) !== message.sessionId) return false;
      const envelope: CallEnvelope = { t: 'party', from: this.bus.instanceId, party: link.party.kind === 'kiosk' ? 'kiosk' : 'expert', message };
      this.bus.publish(SUBJECTS.call(message.sessionId), envelope);
      return true;
    }
    if (link.party.kind === 'kiosk') {
      if (message.type === 'help.request') {
        await this.helpRequest(link as KioskLink, message);
        return true;
      }
      if (message.type === 'help.cancel') {
        await this.helpCancel(link as KioskLink);
        return true;
      }
      return false;
    }
    if (message.type === 'accept') {
      await this.accept(link as StaffLink, message.requestId);
      return true;
    }
    return false;
  }

  // ── the shared waiting room ──────────────────────────────────────────────────────────
  private async helpRequest(link: KioskLink, message: Extract<KioskMessage, { type: 'help.request' }>): Promise<void> {
    const { ctx } = this;
    const { kioskId } = link.party;
    if (ctx.queue.findByKiosk(kioskId) || ctx.liveCallOfKiosk(kioskId) || this.remoteCalls.has(`kiosk:${kioskId}`)) {
      throw new AssistError('ALREADY_WAITING', 'this kiosk already has an open help request or call');
    }
    const now = ctx.clock.now();
    const request = waitingRequestOf(kioskId, message, now);
    // The history row first: the instance that accepts writes a session that refers to it.
    await ctx.writes.run('open request', () => ctx.options.store.openRequest({ ...request, flags: message.flags }));
    try {
      await this.queue.enqueue(request);
    } catch (error) {
      if (!(error instanceof AlreadyWaitingError)) throw error;
      ctx.writes.fire('close duplicate request', () => ctx.options.store.closeRequest(request.requestId, now, 'cancelled', 'already-waiting'));
      throw new AssistError('ALREADY_WAITING', 'this kiosk already has an open help request or call');
    }
    if (!ctx.queue.get(request.requestId)) ctx.queue.enqueue(request);
    // The customer's first place comes from the whole room, not from what this instance has heard so far.
    await this.refreshNow();
    ctx.sla.open(request, now);
    ctx.logger.info({ kioskId, requestId: request.requestId, priorityClass: request.priorityClass, topic: request.topic }, 'assist: help requested');
    this.announce();
    ctx.changed('now');
  }

  private async helpCancel(link: KioskLink): Promise<void> {
    let request = this.ctx.queue.findByKiosk(link.party.kioskId);
    if (!request) {
      await this.refreshNow();
      request = this.ctx.queue.findByKiosk(link.party.kioskId);
    }
    if (!request || !(await this.abandon(request.requestId, 'cancelled', 'customer-cancelled'))) {
      throw new AssistError('NO_OPEN_REQUEST', 'nothing to cancel; to leave a call send call.end');
    }
  }

  /** ClusterHooks: out of the shared room (if still there), then closed like abandon(). */
  async abandon(requestId: string, outcome: 'cancelled' | 'abandoned', reason: string): Promise<boolean> {
    // The mirror first and synchronously: callers loop until the kiosk has nothing waiting.
    const local = this.ctx.queue.remove(requestId);
    let claimed: WaitingRequest | undefined;
    try {
      claimed = await this.queue.claim(requestId);
    } catch (error) {
      this.log.error({ requestId, errMessage: error instanceof Error ? error.message : String(error) }, 'cluster: could not take a request out of the waiting room');
    }
    if (!claimed) {
      if (local) this.ctx.changed();
      return false;
    }
    closeAbandoned(this.ctx, claimed, outcome, reason);
    this.announce();
    return true;
  }

  /** ClusterHooks: back in line after a transfer or a lost expert. */
  requeued(request: WaitingRequest): void {
    this.queue.enqueue(request).then(
      () => this.announce(),
      (error: unknown) => this.log.error({ requestId: request.requestId, errMessage: error instanceof Error ? error.message : String(error) }, 'cluster: could not put a request back in the waiting room'),
    );
  }

  private async accept(link: StaffLink, requestId: string | undefined): Promise<void> {
    const { ctx } = this;
    const { profile } = link.party;
    const notAvailable = () => new AssistError('NOT_AVAILABLE', 'set availability to true, and finish your call, before accepting');
    if (ctx.roster.get(profile.staffId)?.state !== 'available' || this.accepting.has(profile.staffId) || this.remoteCalls.has(`staff:${profile.staffId}`)) throw notAvailable();
    this.accepting.add(profile.staffId);
    try {
      let claimed: WaitingRequest | undefined;
      if (requestId === undefined) {
        claimed = await this.queue.claimNext(profile);
        if (!claimed) throw new AssistError('UNKNOWN_REQUEST', 'no request is waiting for you');
      } else {
        let known = ctx.queue.get(requestId);
        if (!known) {
          await this.refreshNow();
          known = ctx.queue.get(requestId);
        }
        if (!known) throw new AssistError('UNKNOWN_REQUEST', 'this request is no longer waiting');
        if (!isEligible(profile, known)) throw new AssistError('NOT_ELIGIBLE', 'this request needs another language, topic or person');
        // The row lock decides: of two experts (on any instances) one gets it, the other nothing.
        claimed = await this.queue.claim(requestId);
        if (!claimed) {
          ctx.queue.remove(requestId);
          ctx.changed('now');
          throw new AssistError('UNKNOWN_REQUEST', 'this request is no longer waiting');
        }
      }
      if (ctx.roster.get(profile.staffId)?.state !== 'available' || ctx.staff.get(profile.staffId) !== link) {
        // The expert left or changed state while the claim ran: the customer goes back in line.
        await this.queue.enqueue(claimed);
        this.announce();
        throw notAvailable();
      }
      // The clocks follow the request to the instance that serves it (answer clocks stop at once).
      ctx.sla.open(claimed, claimed.requestedAt);
      const live = startCall(ctx, claimed, profile);
      this.announce();
      const calls = this.options.calls;
      if (calls) {
        this.owned.add(live.call.sessionId);
        const owned: OwnedCall = { sessionId: live.call.sessionId, owner: this.bus.instanceId, request: live.request, expert: live.expert, startedAt: live.call.identity.startedAt };
        ctx.writes.fire('call owner', () => calls.record(owned));
      }
    } finally {
      this.accepting.delete(profile.staffId);
    }
  }

  /** Every other instance reads the waiting room again. */
  private announce(): void {
    this.bus.publish(SUBJECTS.queueChanged, { from: this.bus.instanceId });
  }

  /** Reads the waiting room again soon; bursts of announcements cost one read in flight and one after. */
  refresh(): void {
    void this.refreshNow();
  }

  private refreshNow(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    const run = async (): Promise<void> => {
      do {
        this.refreshAgain = false;
        await this.applySnapshot(await this.queue.list());
      } while (this.refreshAgain && !this.closed);
    };
    this.refreshing = run()
      .catch((error: unknown) => this.log.warn({ errMessage: error instanceof Error ? error.message : String(error) }, 'cluster: could not read the waiting room'))
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private applySnapshot(rows: readonly WaitingRequest[]): Promise<void> {
    const { ctx } = this;
    if (this.closed) return Promise.resolve();
    const ids = new Set(rows.map((r) => r.requestId));
    let changed = false;
    for (const mine of ctx.queue.ordered()) {
      if (ids.has(mine.requestId)) continue;
      ctx.queue.remove(mine.requestId);
      // Answered or closed elsewhere: the instance that serves it runs its clocks now.
      ctx.sla.close(mine.requestId);
      changed = true;
    }
    for (const row of rows) {
      if (ctx.queue.get(row.requestId)) continue;
      const stale = ctx.queue.findByKiosk(row.kioskId);
      if (stale) ctx.queue.remove(stale.requestId);
      ctx.queue.enqueue(row);
      changed = true;
    }
    if (changed) ctx.changed();
    return Promise.resolve();
  }

  private scheduleResync(): void {
    this.resyncTimer = this.ctx.clock.setTimeout(() => {
      if (this.closed) return;
      this.refresh();
      this.announcePresence(true);
      this.expirePresence();
      this.checkHolders().catch((error: unknown) => this.log.warn({ errMessage: error instanceof Error ? error.message : String(error) }, 'cluster: could not check the instances holding call parties'));
      this.adoptLostWaiters().catch((error: unknown) => this.log.warn({ errMessage: error instanceof Error ? error.message : String(error) }, 'cluster: could not check the waiting kiosks'));
      this.scheduleResync();
    }, this.options.resyncMs ?? 3000);
  }

  // ── parties and calls on other instances ─────────────────────────────────────────────
  /** Subscribes to exactly the parties and calls this instance has to hear about. */
  reconcile(): void {
    if (this.closed) return;
    const { ctx } = this;
    const parties = new Set<PartyKey>();
    for (const kioskId of ctx.kiosks.keys()) parties.add(`kiosk:${kioskId}`);
    for (const staffId of ctx.staff.keys()) parties.add(`staff:${staffId}`);
    for (const key of ctx.idleGrace.keys()) parties.add(key as PartyKey);
    for (const live of ctx.calls.values()) {
      parties.add(`kiosk:${live.request.kioskId}`);
      parties.add(`staff:${live.expert.staffId}`);
    }
    for (const [key, sub] of this.partySubs) {
      if (parties.has(key)) continue;
      sub.unsubscribe();
      this.partySubs.delete(key);
      this.holders.delete(key);
    }
    for (const key of parties) {
      if (!this.partySubs.has(key)) this.partySubs.set(key, this.bus.subscribe(SUBJECTS.party(key), (message, _subject, reply) => this.onParty(key, message as PartyEnvelope, reply)));
    }
    for (const [sessionId, sub] of this.callSubs) {
      if (ctx.calls.has(sessionId)) continue;
      sub.unsubscribe();
      this.callSubs.delete(sessionId);
    }
    for (const sessionId of ctx.calls.keys()) {
      if (!this.callSubs.has(sessionId)) {
        this.callSubs.set(sessionId, this.bus.subscribe(SUBJECTS.call(sessionId), (message, _subject, reply) => this.onCallMessage(sessionId, message as CallEnvelope | { t: 'probe' }, reply)));
      }
    }
    const calls = this.options.calls;
    for (const sessionId of this.owned) {
      if (ctx.calls.has(sessionId) || !calls) continue;
      this.owned.delete(sessionId);
      ctx.writes.fire('call owner ended', () => calls.forget(sessionId));
    }
  }

  private localLink(key: PartyKey): AnyLink | undefined {
    const [kind, id] = splitKey(key);
    return kind === 'kiosk' ? this.ctx.kiosks.get(id) : this.ctx.staff.get(id);
  }

  private ownedCall(key: PartyKey): LiveCall | undefined {
    const [kind, id] = splitKey(key);
    return kind === 'kiosk' ? this.ctx.liveCallOfKiosk(id) : this.ctx.liveCallOfStaff(id);
  }

  private onParty(key: PartyKey, envelope: PartyEnvelope, reply?: () => void): void {
    if (this.closed) return;
    if (envelope.t === 'probe') {
      reply?.();
      return;
    }
    const { ctx } = this;
    const link = this.localLink(key);
    if (envelope.t === 'deliver') {
      if (!link) return;
      this.noteDelivered(key, envelope.message);
      (link as { send(message: HubMessage): void }).send(envelope.message);
      return;
    }
    if (envelope.from === this.bus.instanceId) return;
    const [kind, id] = splitKey(key);
    if (envelope.t === 'revoke') {
      if (kind === 'kiosk') revokeKiosk(ctx, id);
      return;
    }
    if (envelope.t === 'whois') {
      if (link) this.bus.publish(SUBJECTS.party(key), { t: 'here', from: this.bus.instanceId } satisfies PartyEnvelope);
      return;
    }
    if (envelope.t === 'here') {
      const live = this.ownedCall(key);
      if (!live || link) return;
      this.holders.set(key, envelope.from);
      const party = kind === 'kiosk' ? 'kiosk' : 'expert';
      if (live.call.isAway(party)) partyBackInCall(ctx, live, party, this.relayLink(key, live));
      ctx.changed();
      return;
    }
    if (envelope.t === 'connected') {
      // The party opened a socket on another instance: ours is the older one.
      if (link) {
        if (kind === 'kiosk') ctx.kiosks.delete(id);
        else ctx.staff.delete(id);
        this.remoteCalls.delete(key);
        link.close(ASSIST_CLOSE_CODES.replaced, 'replaced by a newer connection on another hub instance');
      }
      ctx.cancelIdleGrace(key);
      // A waiting kiosk's SLA clocks run where its socket is: the instance it moved to took them.
      const waiting = kind === 'kiosk' ? ctx.queue.findByKiosk(id) : undefined;
      if (waiting) ctx.sla.close(waiting.requestId);
      if (kind === 'staff' && !this.ownedCall(key) && ctx.roster.get(id)) ctx.roster.setState(id, 'offline', 'connected to another hub instance');
      const live = this.ownedCall(key);
      if (live) {
        this.holders.set(key, envelope.from);
        partyBackInCall(ctx, live, kind === 'kiosk' ? 'kiosk' : 'expert', this.relayLink(key, live));
      }
      this.reconcile();
      ctx.changed();
      return;
    }
    // left: only the instance that holds the party's socket may say it is gone.
    const live = this.ownedCall(key);
    if (!live || link) return;
    const holder = this.holders.get(key);
    if (holder !== undefined && holder !== envelope.from) return;
    this.holders.delete(key);
    partyLeftCall(ctx, live, kind === 'kiosk' ? 'kiosk' : 'expert');
    ctx.changed();
  }

  // ── expert presence ──────────────────────────────────────────────────────────────────
  /** Whether this instance is where the expert is: socket, grace period or a call it runs. */
  private isLocalExpert(staffId: string): boolean {
    return this.ctx.staff.has(staffId) || this.ctx.idleGrace.has(`staff:${staffId}`) || this.ctx.callByStaff.has(staffId);
  }

  private announcePresence(heartbeat: boolean): void {
    if (this.closed) return;
    const experts = this.ctx.roster
      .all()
      .filter((entry) => entry.state !== 'offline' && this.isLocalExpert(entry.profile.staffId))
      .map((entry) => ({ profile: entry.profile, state: entry.state, ...(entry.sessionId === undefined ? {} : { sessionId: entry.sessionId }) }));
    const key = JSON.stringify(experts.map((e) => [e.profile.staffId, e.state, e.sessionId]));
    if (!heartbeat && key === this.lastPresence) return;
    this.lastPresence = key;
    this.bus.publish(SUBJECTS.presence, { from: this.bus.instanceId, experts } satisfies PresenceMessage);
  }

  /** Another instance's experts go into this instance's roster: wait estimates and the supervisor feed count them. */
  private onPresence(message: PresenceMessage): void {
    if (message.from === this.bus.instanceId || this.closed) return;
    const { roster } = this.ctx;
    const ids = new Set(message.experts.map((e) => e.profile.staffId));
    const previous = this.remotePresence.get(message.from);
    this.remotePresence.set(message.from, { ids, seenAt: this.ctx.clock.now() });
    let changed = false;
    for (const expert of message.experts) {
      const { staffId } = expert.profile;
      if (this.isLocalExpert(staffId)) continue;
      const entry = roster.upsert(expert.profile);
      if (entry.state === expert.state && entry.sessionId === expert.sessionId) continue;
      roster.setState(staffId, expert.state, `on hub instance ${message.from}`, expert.sessionId);
      changed = true;
    }
    for (const staffId of previous?.ids ?? []) if (!ids.has(staffId)) changed = this.goneElsewhere(staffId) || changed;
    if (changed) this.ctx.changed();
  }

  /** An expert another instance no longer reports: offline here, unless here or reported by a third. */
  private goneElsewhere(staffId: string): boolean {
    if (this.isLocalExpert(staffId) || [...this.remotePresence.values()].some((p) => p.ids.has(staffId))) return false;
    if (this.ctx.roster.get(staffId)?.state === 'offline' || !this.ctx.roster.get(staffId)) return false;
    this.ctx.roster.setState(staffId, 'offline', 'its hub instance stopped reporting it');
    return true;
  }

  /** An instance silent for three resyncs is gone, and so are its experts. */
  private expirePresence(): void {
    const silentAfter = 3 * (this.options.resyncMs ?? 3000);
    let changed = false;
    for (const [instanceId, info] of this.remotePresence) {
      if (this.ctx.clock.now() - info.seenAt < silentAfter) continue;
      this.remotePresence.delete(instanceId);
      for (const staffId of info.ids) changed = this.goneElsewhere(staffId) || changed;
    }
    if (changed) this.ctx.changed();
  }

  /**
   * For the calls this instance runs: a party whose socket another instance holds is gone
   * when that instance is (killed: it said nothing), so its grace period starts here. An
   * unknown holder is asked for with `whois`.
   */
  private async checkHolders(): Promise<void> {
    const { ctx } = this;
    for (const live of [...ctx.calls.values()]) {
      const keys = [['kiosk', `kiosk:${live.request.kioskId}`], ['expert', `staff:${live.expert.staffId}`]] as const;
      for (const [party, key] of keys) {
        if (this.localLink(key) || live.call.isAway(party)) continue;
        const holder = this.holders.get(key);
        if (holder === undefined) {
          this.bus.publish(SUBJECTS.party(key), { t: 'whois', from: this.bus.instanceId } satisfies PartyEnvelope);
          continue;
        }
        if (await this.bus.probe(SUBJECTS.instance(holder), { t: 'probe' })) continue;
        if (this.closed || ctx.calls.get(live.call.sessionId) !== live || this.localLink(key) || live.call.isAway(party) || this.holders.get(key) !== holder) continue;
        this.holders.delete(key);
        this.log.warn({ sessionId: live.call.sessionId, party, holder }, 'cluster: the instance holding a call party’s socket is gone; grace starts');
        partyLeftCall(ctx, live, party);
        ctx.changed();
      }
    }
  }

  /**
   * Waiting customers that no instance holds: the instance with the kiosk's socket died, and
   * its grace timer with it. The first instance to notice runs that grace here — its
   * subscription to the kiosk's subject then answers the others' probes, so only one does —
   * and the request's SLA clocks come along. The kiosk keeps its place if it reconnects in
   * time (anywhere: `connected` ends this grace) and leaves the waiting room if it does not.
   */
  private async adoptLostWaiters(): Promise<void> {
    const { ctx } = this;
    for (const request of ctx.queue.ordered()) {
      const key: PartyKey = `kiosk:${request.kioskId}`;
      const heldHere = () => this.localLink(key) !== undefined || ctx.idleGrace.has(key) || ctx.liveCallOfKiosk(request.kioskId) !== undefined;
      if (heldHere()) continue;
      if (await this.bus.probe(SUBJECTS.party(key), { t: 'probe', from: this.bus.instanceId } satisfies PartyEnvelope)) continue;
      if (this.closed || !ctx.queue.get(request.requestId) || heldHere()) continue;
      const graceMs = ctx.options.grace.graceMs('kiosk', { inCall: false });
      this.log.warn({ kioskId: request.kioskId, requestId: request.requestId, graceMs }, 'cluster: no hub instance holds a waiting kiosk; its grace period runs here');
      ctx.idleGrace.set(
        key,
        ctx.clock.setTimeout(() => {
          ctx.idleGrace.delete(key);
          this.reconcile();
          void this.abandon(request.requestId, 'abandoned', 'kiosk-lost');
        }, graceMs),
      );
      this.takeWaitingClocks(request.kioskId);
      this.reconcile();
    }
  }

  /** A waiting kiosk's SLA clocks run on the instance that holds it, minus rules already breached. */
  private takeWaitingClocks(kioskId: string): void {
    const waiting = this.ctx.queue.findByKiosk(kioskId);
    if (waiting && !this.ctx.sla.isTracking(waiting.requestId)) this.ctx.sla.open(waiting, waiting.requestedAt, this.breached.get(waiting.requestId));
  }

  /** ClusterHooks: reported by another instance's presence, and not offline here either. */
  connectedElsewhere(staffId: string): boolean {
    const reported = [...this.remotePresence.values()].some((presence) => presence.ids.has(staffId));
    return reported && (this.ctx.roster.get(staffId)?.state ?? 'offline') !== 'offline';
  }

  /** ClusterHooks: a supervisor (or admin) some other instance reports connected. */
  supervisorElsewhere(exceptStaffId: string): boolean {
    for (const presence of this.remotePresence.values()) {
      for (const staffId of presence.ids) {
        const entry = this.ctx.roster.get(staffId);
        if (staffId !== exceptStaffId && entry && entry.state !== 'offline' && isSupervisor(entry.profile)) return true;
      }
    }
    return false;
  }

  /** Revoked here: the instances holding the kiosk's socket, grace period or call revoke it too. */
  kioskRevoked(kioskId: string): void {
    this.bus.publish(SUBJECTS.party(`kiosk:${kioskId}`), { t: 'revoke', from: this.bus.instanceId } satisfies PartyEnvelope);
  }

  /** Logged out here: the session's socket closes on whichever instance holds it. */
  staffSessionEnded(tokenHash: string): void {
    this.bus.publish(SUBJECTS.staffSessionEnded, { from: this.bus.instanceId, tokenHash });
  }

  private onStaffSessionEnded(message: { from: string; tokenHash: string }): void {
    if (message.from === this.bus.instanceId || this.closed) return;
    for (const link of this.ctx.staff.values()) {
      if (hashSessionToken(link.party.token) === message.tokenHash) link.close(ASSIST_CLOSE_CODES.sessionExpired, 'staff session ended');
    }
  }

  /** A message for a local party from a call's owner: what it says about that call. */
  private noteDelivered(key: PartyKey, message: HubMessage): void {
    const [kind, id] = splitKey(key);
    if (message.type === 'call.assigned' || message.type === 'call.started') {
      this.remoteCalls.set(key, message.sessionId);
      if (kind === 'staff' && this.ctx.roster.get(id)) this.ctx.roster.setState(id, 'in-call', 'call on another hub instance', message.sessionId);
    } else if (message.type === 'call.end' && this.remoteCalls.get(key) === message.sessionId) {
      this.remoteCalls.delete(key);
      if (kind === 'staff' && this.ctx.roster.get(id)) this.ctx.roster.setState(id, this.ctx.roster.idleState(id), `call ended: ${message.reason}`);
      this.ctx.changed();
    }
  }

  /** The far side of a party whose socket another instance holds. */
  private relayLink(key: PartyKey, live: LiveCall): AnyLink {
    const [kind, id] = splitKey(key);
    const subject = SUBJECTS.party(key);
    const send = (message: HubMessage) => this.bus.publish(subject, { t: 'deliver', from: this.bus.instanceId, message } satisfies PartyEnvelope);
    const close = () => undefined;
    if (kind === 'kiosk') return { connId: 0, party: { kind: 'kiosk', kioskId: id }, send, close } as KioskLink;
    const profile: StaffProfile = live.expert;
    return { connId: 0, party: { kind: 'staff', profile, token: '' }, send, close } as StaffLink;
  }

  private onCallMessage(sessionId: string, envelope: CallEnvelope | { t: 'probe' }, reply?: () => void): void {
    const live = this.ctx.calls.get(sessionId);
    if (!live || this.closed) return;
    if (envelope.t === 'probe') {
      reply?.();
      return;
    }
    const key: PartyKey = envelope.party === 'kiosk' ? `kiosk:${live.request.kioskId}` : `staff:${live.expert.staffId}`;
    if (this.localLink(key)) return; // the party is here now; a late relay from its old instance
    this.holders.set(key, envelope.from);
    const link = this.relayLink(key, live);
    const work =
      envelope.party === 'kiosk'
        ? handleKioskMessage(this.ctx, link as KioskLink, envelope.message as KioskMessage)
        : handleExpertMessage(this.ctx, link as StaffLink, envelope.message as ExpertMessage);
    work.catch((error: unknown) => {
      if (error instanceof AssistError) {
        (link as { send(message: HubMessage): void }).send({ type: 'error', code: error.code, message: error.message, about: envelope.message.type });
        return;
      }
      this.log.error({ sessionId, about: envelope.message.type, errMessage: error instanceof Error ? error.message : String(error) }, 'cluster: relayed call message failed');
    });
  }

  // ── SLA ──────────────────────────────────────────────────────────────────────────────
  /** Rules already breached per request, cluster-wide: clocks adopted from a dead instance skip them. */
  private noteBreach(breach: SlaBreach): void {
    const rules = this.breached.get(breach.requestId) ?? new Set<string>();
    rules.add(breach.ruleId);
    this.breached.delete(breach.requestId);
    this.breached.set(breach.requestId, rules);
    // Newest last; a request waits minutes, so the oldest thousands are long closed.
    for (const oldest of this.breached.keys()) {
      if (this.breached.size <= MAX_REMEMBERED_BREACHES) break;
      this.breached.delete(oldest);
    }
  }

  /** A breach on this instance: stored in the stream, and every other instance's supervisors see it. */
  breachOccurred(breach: SlaBreach): void {
    this.noteBreach(breach);
    this.bus.publishDurable(SUBJECTS.slaBreach, { from: this.bus.instanceId, breach }).catch((error: unknown) =>
      this.log.warn({ requestId: breach.requestId, errMessage: error instanceof Error ? error.message : String(error) }, 'cluster: SLA breach not stored in the stream'),
    );
  }

  private onBreachElsewhere(event: { from: string; breach: SlaBreach }): void {
    this.noteBreach(event.breach);
    if (event.from === this.bus.instanceId || this.closed) return;
    for (const link of this.ctx.staff.values()) if (isSupervisor(link.party.profile)) link.send({ type: 'sla.breach', breach: event.breach });
  }

  close(): void {
    this.closed = true;
    if (this.resyncTimer) this.ctx.clock.clearTimeout(this.resyncTimer);
    for (const sub of [...this.subs, ...this.partySubs.values(), ...this.callSubs.values()]) sub.unsubscribe();
    this.partySubs.clear();
    this.callSubs.clear();
  }
}
