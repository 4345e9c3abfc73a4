// What an expert (supervisor, admin) may ask of the hub: availability, taking a request,
// relaying signals, ending or transferring a call, recording its outcome and remote
// authorizations; supervisors also ask for the floor snapshot.
import type { ExpertMessage } from '../../../protocol/assist-signaling.js';
import { isEligible, type TransferTarget } from '../queue/assistance-queue.js';
import type { AssistContext } from './assist-context.js';
import { endCall, startCall } from './call-control.js';
import { queueSnapshotFor, supervisorSnapshot } from './fan-out.js';
import { callOfParty, relaySignal } from './kiosk-handlers.js';
import { clusterOf } from './cluster-hooks.js';
import { AssistError, isSupervisor, type StaffLink } from './peers.js';

type Of<T extends ExpertMessage['type']> = Extract<ExpertMessage, { type: T }>;

function setAvailability(ctx: AssistContext, staffId: string, available: boolean): void {
  const entry = ctx.roster.get(staffId);
  if (!entry) return;
  entry.wantsCalls = available;
  // In a call the toggle only decides where the expert goes when it ends.
  if (entry.state === 'available' || entry.state === 'away') ctx.roster.setState(staffId, ctx.roster.idleState(staffId), 'availability');
  ctx.toStaff(staffId, { type: 'expert.state', state: entry.state });
  ctx.changed();
}

function accept(ctx: AssistContext, link: StaffLink, requestId: string | undefined): void {
  const { profile } = link.party;
  const entry = ctx.roster.get(profile.staffId);
  if (entry?.state !== 'available') throw new AssistError('NOT_AVAILABLE', 'set availability to true, and finish your call, before accepting');
  const request = requestId === undefined ? ctx.queue.nextFor(profile) : ctx.queue.get(requestId);
  // "Take next" with customers waiting that this expert cannot take is a skills refusal, not
  // "nobody is waiting": the console must not tell the expert the customer left.
  if (!request && requestId === undefined && ctx.queue.size > 0) throw new AssistError('NOT_ELIGIBLE', 'no waiting customer matches your languages and topics');
  if (!request) throw new AssistError('UNKNOWN_REQUEST', requestId === undefined ? 'no request is waiting for you' : 'this request is no longer waiting');
  if (!isEligible(profile, request)) throw new AssistError('NOT_ELIGIBLE', 'this request needs another language, topic or person');
  startCall(ctx, request, profile);
}

function transfer(ctx: AssistContext, link: StaffLink, message: Of<'transfer'>): void {
  const live = callOfParty(ctx, link, message.sessionId, 'transfer');
  let target: TransferTarget;
  // Several instances: the person may hold a socket on another one; the shared room carries the transfer there.
  const cluster = clusterOf(ctx);
  const self = link.party.profile.staffId;
  if (message.to === 'supervisor') {
    const anySupervisor = [...ctx.staff.values()].some((other) => isSupervisor(other.party.profile) && other !== link) || cluster?.supervisorElsewhere(self) === true;
    if (!anySupervisor) throw new AssistError('TRANSFER_TARGET_UNAVAILABLE', 'no supervisor is connected');
    target = { kind: 'supervisor' };
  } else {
    if (message.to === self || !(ctx.staff.has(message.to) || cluster?.connectedElsewhere(message.to) === true)) {
      throw new AssistError('TRANSFER_TARGET_UNAVAILABLE', 'that expert is not connected');
    }
    target = { kind: 'staff', staffId: message.to };
  }
  ctx.logger.info({ sessionId: live.call.sessionId, from: link.party.profile.staffId, to: message.to }, 'assist: call transferred');
  endCall(ctx, message.sessionId, 'transferred', { target, ...(message.note === undefined ? {} : { note: message.note }) });
}

async function decide(ctx: AssistContext, link: StaffLink, message: Of<'authorization.decide'>): Promise<void> {
  const live = callOfParty(ctx, link, message.sessionId, 'authorization.decide');
  const fields = {
    decisionId: globalThis.crypto.randomUUID(),
    sessionId: message.sessionId,
    authRequestId: message.authRequestId,
    kioskId: live.request.kioskId,
    staffId: link.party.profile.staffId,
    action: message.action,
    decision: message.decision,
    decidedAt: new Date(ctx.clock.now()).toISOString(),
  };
  const signature = ctx.options.signDecision(fields);
  const recorded = await ctx.writes.run('decision', () =>
    ctx.options.store.recordDecision({ ...fields, reason: message.reason, decidedAt: Date.parse(fields.decidedAt), signature }),
  );
  if (!recorded) throw new AssistError('ALREADY_DECIDED', 'this authorization request was decided already');
  // The kiosk acts on this copy only after the decision is stored.
  const { staffId: _s, kioskId: _k, ...forKiosk } = fields;
  ctx.toKiosk(live.request.kioskId, { type: 'authorization.decision', ...forKiosk, signature });
  link.send({ type: 'authorization.recorded', sessionId: message.sessionId, authRequestId: message.authRequestId, decisionId: fields.decisionId, signature });
}

export async function handleExpertMessage(ctx: AssistContext, link: StaffLink, message: ExpertMessage): Promise<void> {
  const { staffId } = link.party.profile;
  switch (message.type) {
    case 'availability':
      return setAvailability(ctx, staffId, message.available);
    case 'queue.snapshot':
      return link.send(queueSnapshotFor(ctx, staffId));
    case 'accept':
      return accept(ctx, link, message.requestId);
    case 'signal':
      return relaySignal(ctx, link, message.sessionId, message.data);
    case 'call.end':
      callOfParty(ctx, link, message.sessionId, 'call.end');
      return endCall(ctx, message.sessionId, message.reason);
    case 'transfer':
      return transfer(ctx, link, message);
    case 'disposition': {
      const at = ctx.clock.now();
      const stored = await ctx.writes.run('disposition', () => ctx.options.store.setDisposition(message.sessionId, staffId, message.outcome, message.notes, at));
      if (stored === 'not-yours') throw new AssistError('NOT_IN_SESSION', 'not a call you took');
      if (stored === 'already-recorded') throw new AssistError('CONFLICT', 'the outcome of this call was recorded already and cannot be changed');
      return link.send({ type: 'disposition.recorded', sessionId: message.sessionId });
    }
    case 'authorization.decide':
      return decide(ctx, link, message);
    case 'supervisor.snapshot':
      if (!isSupervisor(link.party.profile)) throw new AssistError('FORBIDDEN', 'supervisors and admins only');
      return link.send(supervisorSnapshot(ctx));
    case 'ping':
      return link.send({ type: 'pong' });
  }
}
