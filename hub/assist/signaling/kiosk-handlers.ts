// What a kiosk may ask of the hub: help, cancelling it, relaying signals to its expert,
// ending the call and rating it afterwards.
import type { KioskMessage } from '../../../protocol/assist-signaling.js';
import type { WaitingRequest } from '../queue/assistance-queue.js';
import { priorityClassOf } from '../queue/priority.js';
import type { AssistContext, LiveCall } from './assist-context.js';
import { endCall } from './call-control.js';
import { clusterOf } from './cluster-hooks.js';
import { AssistError, type AnyLink, type KioskLink } from './peers.js';

type Of<T extends KioskMessage['type']> = Extract<KioskMessage, { type: T }>;

/** A new waiting request from a kiosk's help.request, in line from `now` (one instance or several). */
export function waitingRequestOf(kioskId: string, message: Of<'help.request'>, now: number): WaitingRequest {
  return {
    requestId: globalThis.crypto.randomUUID(),
    kioskId,
    language: message.language,
    topic: message.topic,
    priorityClass: priorityClassOf(message.flags),
    journeyStep: message.journeyStep,
    requestedAt: now,
    queuedAt: now,
  };
}

function helpRequest(ctx: AssistContext, kioskId: string, message: Of<'help.request'>): void {
  if (ctx.queue.findByKiosk(kioskId) || ctx.liveCallOfKiosk(kioskId)) {
    throw new AssistError('ALREADY_WAITING', 'this kiosk already has an open help request or call');
  }
  const now = ctx.clock.now();
  const request = waitingRequestOf(kioskId, message, now);
  ctx.queue.enqueue(request);
  ctx.sla.open(request, now);
  ctx.writes.fire('open request', () => ctx.options.store.openRequest({ ...request, flags: message.flags }));
  ctx.logger.info({ kioskId, requestId: request.requestId, priorityClass: request.priorityClass, topic: request.topic }, 'assist: help requested');
  ctx.changed('now');
}

function helpCancel(ctx: AssistContext, kioskId: string): void {
  const request = ctx.queue.findByKiosk(kioskId);
  if (!request) throw new AssistError('NO_OPEN_REQUEST', 'nothing to cancel; to leave a call send call.end');
  abandon(ctx, request.requestId, 'cancelled', 'customer-cancelled');
}

/** The customer gave up (cancelled) or left (socket lost past its grace) before an answer. */
export function abandon(ctx: AssistContext, requestId: string, outcome: 'cancelled' | 'abandoned', reason: string): void {
  // Several instances: the request leaves the shared waiting room first, or not at all.
  const cluster = clusterOf(ctx);
  if (cluster) {
    void cluster.abandon(requestId, outcome, reason);
    return;
  }
  const request = ctx.queue.remove(requestId);
  if (request) closeAbandoned(ctx, request, outcome, reason);
}

/** The second half of abandon(): the request is out of the queue; close it and tell the kiosk. */
export function closeAbandoned(ctx: AssistContext, request: WaitingRequest, outcome: 'cancelled' | 'abandoned', reason: string): void {
  const { requestId } = request;
  const now = ctx.clock.now();
  ctx.sla.close(requestId);
  ctx.writes.fire('abandon request', () => ctx.options.store.closeRequest(requestId, now, outcome, reason));
  ctx.toKiosk(request.kioskId, { type: 'help.closed', requestId, reason: outcome });
  ctx.logger.info({ kioskId: request.kioskId, requestId, reason, waitedMs: now - request.requestedAt }, 'assist: request abandoned');
  ctx.changed('now');
}

/** The call `sessionId` if `link` is one of its two parties; otherwise refused and logged. */
export function callOfParty(ctx: AssistContext, link: AnyLink, sessionId: string, about: string): LiveCall {
  const live = ctx.calls.get(sessionId);
  const isParty =
    live !== undefined &&
    (link.party.kind === 'kiosk' ? live.request.kioskId === link.party.kioskId : live.expert.staffId === link.party.profile.staffId);
  if (!live || !isParty) {
    const who = link.party.kind === 'kiosk' ? { kioskId: link.party.kioskId } : { staffId: link.party.profile.staffId };
    ctx.logger.warn({ ...who, connId: link.connId, sessionId, about }, 'assist: refused a message for a session this party is not in');
    throw new AssistError('NOT_IN_SESSION', 'you are not a party of this session');
  }
  return live;
}

/** Relays an opaque signal to the other party of the call, and to no one else. */
export function relaySignal(ctx: AssistContext, link: AnyLink, sessionId: string, data: Record<string, unknown>): void {
  const live = callOfParty(ctx, link, sessionId, 'signal');
  // While the other side reconnects its signal is dropped; simple-peer renegotiates after.
  if (link.party.kind === 'kiosk') ctx.toStaff(live.expert.staffId, { type: 'signal', sessionId, data });
  else ctx.toKiosk(live.request.kioskId, { type: 'signal', sessionId, data });
}

export async function handleKioskMessage(ctx: AssistContext, link: KioskLink, message: KioskMessage): Promise<void> {
  const { kioskId } = link.party;
  switch (message.type) {
    case 'help.request':
      return helpRequest(ctx, kioskId, message);
    case 'help.cancel':
      return helpCancel(ctx, kioskId);
    case 'signal':
      return relaySignal(ctx, link, message.sessionId, message.data);
    case 'call.end':
      callOfParty(ctx, link, message.sessionId, 'call.end');
      return endCall(ctx, message.sessionId, message.reason);
    case 'call.rate': {
      const at = ctx.clock.now();
      const rated = await ctx.writes.run('rating', () => ctx.options.store.setRating(message.sessionId, kioskId, message.rating ?? null, message.nps, at));
      if (!rated) throw new AssistError('NOT_IN_SESSION', 'not a call of this kiosk, or rated already');
      return;
    }
    case 'health.report':
      // Stored off the socket's path: a slow database must not hold up signaling.
      ctx.options.kioskHealth?.report(kioskId, message.report);
      return;
    case 'command.ack':
      // Like health reports: a slow database must not hold up signaling.
      ctx.writes.fire('command ack', () => ctx.options.kioskCommands?.acknowledged(kioskId, message.commandId) ?? Promise.resolve());
      return;
    case 'ping':
      return link.send({ type: 'pong' });
  }
}
