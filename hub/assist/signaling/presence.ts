// Sockets coming and going. A party that connects again (same kiosk, same staff member)
// replaces its old socket and resumes where it was; a party whose socket drops keeps its
// place for the grace period, so a kiosk's network flap does not cost the customer the call.
import { ASSIST_CLOSE_CODES, ASSIST_LIMITS } from '../../../protocol/assist-signaling.js';
import type { CallParty } from '../session/call-session.js';
import type { AssistContext, LiveCall } from './assist-context.js';
import { callAssignedFor, callStartedFor, endCall } from './call-control.js';
import { queueSnapshotFor, supervisorSnapshot } from './fan-out.js';
import { abandon } from './kiosk-handlers.js';
import { isSupervisor, type AnyLink, type KioskLink, type StaffLink } from './peers.js';

function connectKiosk(ctx: AssistContext, link: KioskLink): void {
  const { kioskId } = link.party;
  const previous = ctx.kiosks.get(kioskId);
  ctx.kiosks.set(kioskId, link);
  previous?.close(ASSIST_CLOSE_CODES.replaced, 'replaced by a newer connection of this kiosk');
  ctx.cancelIdleGrace(`kiosk:${kioskId}`);
  link.send({ type: 'hello', role: 'kiosk', kioskId, heartbeatSec: ASSIST_LIMITS.heartbeatSec });
  const live = ctx.liveCallOfKiosk(kioskId);
  if (live) partyBackInCall(ctx, live, 'kiosk', link);
}

/**
 * A party of a live call has a socket again (here, or on another hub instance: then `link`
 * is that instance's relay): its grace timer stops and it hears the call resumed.
 */
export function partyBackInCall(ctx: AssistContext, live: LiveCall, party: CallParty, link: AnyLink): void {
  const handle = live.grace.get(party);
  if (handle) ctx.clock.clearTimeout(handle);
  live.grace.delete(party);
  live.call.partyBack(party);
  if (party === 'kiosk') {
    (link as KioskLink).send(callAssignedFor(ctx, live, true));
    ctx.toStaff(live.expert.staffId, { type: 'peer.state', sessionId: live.call.sessionId, state: 'connected' });
  } else {
    ctx.roster.setState(live.expert.staffId, 'in-call', 'reconnected', live.call.sessionId);
    (link as StaffLink).send(callStartedFor(ctx, live, true));
    ctx.toKiosk(live.request.kioskId, { type: 'peer.state', sessionId: live.call.sessionId, state: 'connected' });
  }
}

/** A party of a live call lost its socket: the other side hears it, and the grace period starts. */
export function partyLeftCall(ctx: AssistContext, live: LiveCall, party: CallParty): void {
  const graceMs = ctx.options.grace.graceMs(party, { inCall: true });
  live.call.partyLeft(party);
  const sessionId = live.call.sessionId;
  if (party === 'kiosk') {
    ctx.toStaff(live.expert.staffId, { type: 'peer.state', sessionId, state: 'reconnecting' });
    live.grace.set('kiosk', ctx.clock.setTimeout(() => endCall(ctx, sessionId, 'kiosk-lost'), graceMs));
  } else {
    ctx.roster.setState(live.expert.staffId, 'reconnecting', 'socket closed', sessionId);
    ctx.toKiosk(live.request.kioskId, { type: 'peer.state', sessionId, state: 'reconnecting' });
    live.grace.set('expert', ctx.clock.setTimeout(() => endCall(ctx, sessionId, 'expert-lost'), graceMs));
  }
}

function connectStaff(ctx: AssistContext, link: StaffLink): void {
  const { profile } = link.party;
  const entry = ctx.roster.upsert(profile);
  const previous = ctx.staff.get(profile.staffId);
  ctx.staff.set(profile.staffId, link);
  previous?.close(ASSIST_CLOSE_CODES.replaced, 'replaced by a newer connection of this staff member');
  ctx.cancelIdleGrace(`staff:${profile.staffId}`);
  link.send({ type: 'hello', role: profile.role, staffId: profile.staffId, displayName: profile.displayName, heartbeatSec: ASSIST_LIMITS.heartbeatSec });
  const live = ctx.liveCallOfStaff(profile.staffId);
  if (live) {
    partyBackInCall(ctx, live, 'expert', link);
  } else {
    // Coming back from offline the expert starts away: availability is a deliberate act.
    ctx.roster.setState(profile.staffId, ctx.roster.idleState(profile.staffId), 'connected');
  }
  link.send({ type: 'expert.state', state: entry.state });
  link.send(queueSnapshotFor(ctx, profile.staffId));
  if (isSupervisor(profile)) link.send(supervisorSnapshot(ctx));
}

export function connect(ctx: AssistContext, link: AnyLink, forget: (key: string) => void): void {
  if (link.party.kind === 'kiosk') {
    forget(`kiosk:${link.party.kioskId}`);
    connectKiosk(ctx, link as KioskLink);
  } else {
    forget(`staff:${link.party.profile.staffId}`);
    forget(`supervisor:${link.party.profile.staffId}`);
    connectStaff(ctx, link as StaffLink);
  }
  ctx.changed();
}

function disconnectKiosk(ctx: AssistContext, kioskId: string): void {
  ctx.kiosks.delete(kioskId);
  const live = ctx.liveCallOfKiosk(kioskId);
  const graceMs = ctx.options.grace.graceMs('kiosk', { inCall: live !== undefined });
  if (live) {
    partyLeftCall(ctx, live, 'kiosk');
    return;
  }
  const waiting = ctx.queue.findByKiosk(kioskId);
  if (waiting) {
    ctx.idleGrace.set(
      `kiosk:${kioskId}`,
      ctx.clock.setTimeout(() => {
        ctx.idleGrace.delete(`kiosk:${kioskId}`);
        abandon(ctx, waiting.requestId, 'abandoned', 'kiosk-lost');
      }, graceMs),
    );
  }
}

function disconnectStaff(ctx: AssistContext, staffId: string): void {
  ctx.staff.delete(staffId);
  const live = ctx.liveCallOfStaff(staffId);
  const graceMs = ctx.options.grace.graceMs('expert', { inCall: live !== undefined });
  if (live) {
    partyLeftCall(ctx, live, 'expert');
    return;
  }
  ctx.roster.setState(staffId, 'reconnecting', 'socket closed');
  ctx.idleGrace.set(
    `staff:${staffId}`,
    ctx.clock.setTimeout(() => {
      ctx.idleGrace.delete(`staff:${staffId}`);
      ctx.roster.setState(staffId, 'offline', 'grace expired');
      ctx.changed();
    }, graceMs),
  );
}

/**
 * An admin revoked the kiosk's key. Its socket is closed (the signed upgrade refuses it from
 * now on), its waiting request leaves the queue and a live call ends: a revoked kiosk must not
 * keep an urgent or VIP request in front of real customers.
 */
export function revokeKiosk(ctx: AssistContext, kioskId: string): { socketClosed: boolean; requestsDropped: number; callEnded: boolean } {
  const link = ctx.kiosks.get(kioskId);
  // Forgotten first, so its socket closing starts no grace period and its late frames are ignored.
  ctx.kiosks.delete(kioskId);
  ctx.cancelIdleGrace(`kiosk:${kioskId}`);
  let requestsDropped = 0;
  for (let waiting = ctx.queue.findByKiosk(kioskId); waiting; waiting = ctx.queue.findByKiosk(kioskId)) {
    abandon(ctx, waiting.requestId, 'abandoned', 'kiosk-revoked');
    requestsDropped += 1;
  }
  const live = ctx.liveCallOfKiosk(kioskId);
  if (live) endCall(ctx, live.call.sessionId, 'kiosk-lost');
  link?.close(ASSIST_CLOSE_CODES.revoked, 'kiosk revoked');
  ctx.logger.warn({ kioskId, socketClosed: link !== undefined, requestsDropped, callEnded: live !== undefined }, 'assist: kiosk revoked');
  ctx.changed();
  return { socketClosed: link !== undefined, requestsDropped, callEnded: live !== undefined };
}

/** Whether `link` is its party's current socket; a replaced or revoked one may not act. */
export function isCurrent(ctx: AssistContext, link: AnyLink): boolean {
  return link.party.kind === 'kiosk' ? ctx.kiosks.get(link.party.kioskId) === link : ctx.staff.get(link.party.profile.staffId) === link;
}

/** Only the party's current socket counts: a replaced socket closing changes nothing. */
export function disconnect(ctx: AssistContext, link: AnyLink): void {
  if (link.party.kind === 'kiosk') {
    if (ctx.kiosks.get(link.party.kioskId) !== link) return;
    disconnectKiosk(ctx, link.party.kioskId);
  } else {
    if (ctx.staff.get(link.party.profile.staffId) !== link) return;
    disconnectStaff(ctx, link.party.profile.staffId);
  }
  ctx.changed();
}
