// Starting and ending calls, and putting a customer back in line (transfer, lost expert).
// Every path that changes a call goes through here, so the queue, the roster, the SLA clocks,
// the database and both parties always hear the same story.
import type { StaffProfile } from '../experts/expert-roster.js';
import type { CallEndReason } from '../../../protocol/assist-signaling.js';
import type { TransferTarget, WaitingRequest } from '../queue/assistance-queue.js';
import { CallSession } from '../session/call-session.js';
import type { RequestOutcome } from '../storage/assist-store.js';
import type { AssistContext, LiveCall } from './assist-context.js';
import { clusterOf } from './cluster-hooks.js';
import { queueEntry } from './fan-out.js';

export function callAssignedFor(ctx: AssistContext, live: LiveCall, resumed: boolean) {
  return {
    type: 'call.assigned' as const,
    sessionId: live.call.sessionId,
    requestId: live.request.requestId,
    expert: { displayName: live.expert.displayName },
    iceServers: ctx.options.iceServers(live.request.kioskId),
    initiator: false as const,
    resumed,
  };
}

export function callStartedFor(ctx: AssistContext, live: LiveCall, resumed: boolean) {
  return {
    type: 'call.started' as const,
    sessionId: live.call.sessionId,
    request: queueEntry(ctx, live.request),
    iceServers: ctx.options.iceServers(live.expert.staffId),
    initiator: true as const,
    resumed,
  };
}

export function startCall(ctx: AssistContext, request: WaitingRequest, expert: StaffProfile): LiveCall {
  const now = ctx.clock.now();
  ctx.queue.remove(request.requestId);
  ctx.sla.answered(request.requestId);
  const sessionId = globalThis.crypto.randomUUID();
  const identity = { sessionId, requestId: request.requestId, kioskId: request.kioskId, staffId: expert.staffId, startedAt: now };
  const call = new CallSession(identity, (change) =>
    ctx.logger.info({ sessionId, kioskId: request.kioskId, staffId: expert.staffId, cause: change.cause }, `assist: call ${change.from} → ${change.to}`),
  );
  const live: LiveCall = { call, request, expert, grace: new Map() };
  ctx.calls.set(sessionId, live);
  ctx.callByKiosk.set(request.kioskId, sessionId);
  ctx.callByStaff.set(expert.staffId, sessionId);
  // Answer time: from the later of "customer waiting" and "expert free" to this accept.
  const freeSince = ctx.roster.get(expert.staffId)?.since ?? now;
  ctx.answerTime.record((now - Math.max(request.queuedAt ?? request.requestedAt, freeSince)) / 1000);
  ctx.roster.setState(expert.staffId, 'in-call', `accepted ${request.requestId}`, sessionId);
  const waitMs = now - (request.queuedAt ?? request.requestedAt);
  ctx.writes.fire('start session', () => ctx.options.store.startSession({ ...identity, startedAt: now, waitMs }));
  ctx.toKiosk(request.kioskId, callAssignedFor(ctx, live, false));
  ctx.toStaff(expert.staffId, callStartedFor(ctx, live, false));
  ctx.changed('now');
  return live;
}

/** Back in line, keeping the original ask time (and so its age) — after a transfer or a lost expert. */
export function requeue(ctx: AssistContext, request: WaitingRequest, transfer?: WaitingRequest['transfer']): void {
  const now = ctx.clock.now();
  const { transfer: _previous, ...rest } = request;
  const waiting = { ...rest, queuedAt: now, ...(transfer ? { transfer } : {}) };
  ctx.queue.enqueue(waiting);
  ctx.sla.waitingAgain(request.requestId, now);
  ctx.writes.fire('requeue', () => ctx.options.store.requeue(request.requestId));
  clusterOf(ctx)?.requeued(waiting);
}

function outcomeOf(reason: CallEndReason): RequestOutcome {
  return reason === 'kiosk-lost' || reason === 'hub-shutdown' ? 'dropped' : 'served';
}

/**
 * Ends a live call. `expert-lost` and `transferred` put the customer back in line (the latter
 * with `transfer` set); every other reason closes the request.
 */
export function endCall(ctx: AssistContext, sessionId: string, reason: CallEndReason, transfer?: { target: TransferTarget; note?: string }): void {
  const live = ctx.calls.get(sessionId);
  if (!live) return;
  const now = ctx.clock.now();
  const { request, expert, call } = live;
  call.end(reason);
  for (const handle of live.grace.values()) ctx.clock.clearTimeout(handle);
  ctx.calls.delete(sessionId);
  ctx.callByKiosk.delete(request.kioskId);
  ctx.callByStaff.delete(expert.staffId);
  ctx.handleTime.record((now - call.identity.startedAt) / 1000);
  ctx.writes.fire('end session', () => ctx.options.store.endSession(sessionId, now, reason));

  ctx.toKiosk(request.kioskId, { type: 'call.end', sessionId, reason });
  ctx.toStaff(expert.staffId, { type: 'call.end', sessionId, reason });
  const expertState = reason === 'expert-lost' ? 'offline' : ctx.roster.idleState(expert.staffId);
  ctx.roster.setState(expert.staffId, expertState, `call ended: ${reason}`);

  if (reason === 'transferred' && transfer) {
    const moved = { fromDisplayName: expert.displayName, target: transfer.target, ...(transfer.note === undefined ? {} : { note: transfer.note }) };
    const toStaffId = transfer.target.kind === 'staff' ? transfer.target.staffId : null;
    ctx.writes.fire('transfer', () =>
      ctx.options.store.recordTransfer({ requestId: request.requestId, fromSessionId: sessionId, fromStaffId: expert.staffId, toStaffId, note: transfer.note, at: now }),
    );
    requeue(ctx, request, moved);
  } else if (reason === 'expert-lost') {
    requeue(ctx, request);
  } else {
    ctx.sla.close(request.requestId);
    ctx.writes.fire('close request', () => ctx.options.store.closeRequest(request.requestId, now, outcomeOf(reason)));
  }
  ctx.changed();
}
