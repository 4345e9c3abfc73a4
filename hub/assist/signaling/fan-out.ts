// After each burst of changes: every waiting kiosk learns its place and expected wait, every
// expert the requests they may take, every supervisor the state of the floor. Each is sent
// only when it differs from what that party last got, so a busy queue does not flood sockets.
import type { ExpertInbound, QueueEntry, SlaBreach } from '../../../protocol/assist-signaling.js';
import { isEligible, type WaitingRequest } from '../queue/assistance-queue.js';
import { estimateWaitSec } from '../queue/wait-estimate.js';
import type { SlaBreachEvent } from '../sla/sla-monitor.js';
import type { AssistContext } from './assist-context.js';
import { isSupervisor } from './peers.js';

const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000));

export function queueEntry(ctx: AssistContext, request: WaitingRequest): QueueEntry {
  const { transfer } = request;
  return {
    requestId: request.requestId,
    kioskId: request.kioskId,
    language: request.language,
    topic: request.topic,
    priorityClass: request.priorityClass,
    journeyStep: request.journeyStep,
    waitedSec: seconds(ctx.clock.now() - request.requestedAt),
    ...(transfer
      ? {
          transfer: {
            from: transfer.fromDisplayName,
            to: transfer.target.kind === 'staff' ? transfer.target.staffId : 'supervisor',
            ...(transfer.note === undefined ? {} : { note: transfer.note }),
          },
        }
      : {}),
  };
}

export function toBreach(event: SlaBreachEvent): SlaBreach {
  return {
    requestId: event.requestId,
    kioskId: event.kioskId,
    ruleId: event.ruleId,
    kind: event.kind,
    dueAt: new Date(event.dueAt).toISOString(),
    breachedAt: new Date(event.breachedAt).toISOString(),
  };
}

export function supervisorSnapshot(ctx: AssistContext): Extract<ExpertInbound, { type: 'supervisor.snapshot' }> {
  const now = ctx.clock.now();
  return {
    type: 'supervisor.snapshot',
    experts: ctx.roster.all().map((entry) => ({
      staffId: entry.profile.staffId,
      displayName: entry.profile.displayName,
      role: entry.profile.role,
      state: entry.state,
      ...(entry.sessionId === undefined ? {} : { sessionId: entry.sessionId }),
      inStateSec: seconds(now - entry.since),
    })),
    queueLength: ctx.queue.size,
    longestWaitSec: seconds(ctx.queue.longestWaitMs()),
    slaBreaches: { total: ctx.sla.totalBreaches, recent: ctx.sla.recentBreaches().map(toBreach) },
  };
}

function eligibleRequests(ctx: AssistContext, staffId: string, ordered: readonly WaitingRequest[]): WaitingRequest[] {
  const entry = ctx.roster.get(staffId);
  return entry ? ordered.filter((r) => isSupervisor(entry.profile) || isEligible(entry.profile, r)) : [];
}

export function queueSnapshotFor(ctx: AssistContext, staffId: string): Extract<ExpertInbound, { type: 'queue.snapshot' }> {
  return { type: 'queue.snapshot', requests: eligibleRequests(ctx, staffId, ctx.queue.ordered()).map((r) => queueEntry(ctx, r)) };
}

function placeOf(ctx: AssistContext, request: WaitingRequest, position: number): { position: number; expectedWaitSec: number; nobodyAvailable: boolean } {
  const able = ctx.roster.online().filter((e) => isEligible(e.profile, request));
  const expectedWaitSec = estimateWaitSec({
    position,
    freeExperts: able.filter((e) => e.state === 'available').length,
    busyExperts: able.filter((e) => e.state === 'in-call').length,
    avgHandleSec: ctx.handleTime.sec,
    answerSec: ctx.answerTime.sec,
  });
  return { position, expectedWaitSec: expectedWaitSec ?? 0, nobodyAvailable: expectedWaitSec === null };
}

function targetOf(request: WaitingRequest): string {
  const target = request.transfer?.target;
  return !target ? '' : target.kind === 'staff' ? target.staffId : 'supervisor';
}

/** Wires change notification to deduplicated sends; returns a function that forgets a party. */
export function installFanOut(ctx: AssistContext): { forget(key: string): void } {
  const lastSent = new Map<string, string>();
  const sendIfChanged = (key: string, body: string, send: () => void) => {
    if (lastSent.get(key) === body) return;
    lastSent.set(key, body);
    send();
  };

  ctx.publish = () => {
    const ordered = ctx.queue.ordered();
    const positions = ctx.queue.positions();
    for (const request of ordered) {
      const link = ctx.kiosks.get(request.kioskId);
      if (!link) continue;
      const place = placeOf(ctx, request, positions.get(request.requestId) ?? 1);
      const message = { type: 'queue.position' as const, requestId: request.requestId, ...place };
      sendIfChanged(`kiosk:${request.kioskId}`, JSON.stringify(message), () => link.send(message));
    }
    // Experts with the same skills get the same snapshot: one object, serialised once
    // (socket-link memoises by identity), however many experts are connected.
    const shared = new Map<string, Extract<ExpertInbound, { type: 'queue.snapshot' }>>();
    let feed: ReturnType<typeof supervisorSnapshot> | undefined;
    for (const [staffId, link] of ctx.staff) {
      const requests = eligibleRequests(ctx, staffId, ordered);
      // waitedSec changes every second; compare what changes the expert's choice.
      const key = requests.map((r) => `${r.requestId}>${targetOf(r)}`).join(',');
      sendIfChanged(`staff:${staffId}`, key, () => {
        let snapshot = shared.get(key);
        if (!snapshot) {
          snapshot = { type: 'queue.snapshot', requests: requests.map((r) => queueEntry(ctx, r)) };
          shared.set(key, snapshot);
        }
        link.send(snapshot);
      });
      if (isSupervisor(link.party.profile)) {
        feed ??= supervisorSnapshot(ctx);
        const feedKey = JSON.stringify({ ...feed, experts: feed.experts.map((e) => [e.staffId, e.state, e.sessionId]), longestWaitSec: 0 });
        sendIfChanged(`supervisor:${staffId}`, feedKey, () => link.send(feed!));
      }
    }
  };
  return { forget: (key) => lastSent.delete(key) };
}
