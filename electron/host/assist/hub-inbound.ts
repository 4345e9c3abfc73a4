// What each validated hub → kiosk message does to the kiosk's call state. Kept apart from
// the socket handling so the mapping reads as one table: a message that does not fit the
// current phase (late, duplicated, for another session) changes nothing.
import type { KioskInbound } from '../../../protocol/assist-signaling.js';
import type { AssistEndReason, AssistState } from '../../bridge/assist-contract.js';
import { callOf } from './assist-machine.js';

/** What the inbound mapping may do to the client. */
export interface InboundTarget {
  readonly state: AssistState;
  enter(next: AssistState, cause: string): void;
  finish(reason: AssistEndReason, cause: string): void;
  /** The customer waits again (transfer, lost expert): a fresh wait limit. */
  queuedAgain(): void;
  recordDecision(message: Extract<KioskInbound, { type: 'authorization.decision' }>): void;
  warn(obj: object, msg: string): void;
}

/** Waiting for an answer or a call, possibly across a reconnect. */
export function isAsking(state: AssistState): boolean {
  const { phase } = state.phase === 'reconnecting' ? state.from : state;
  return phase === 'requesting' || phase === 'waiting';
}

export function applyHubMessage(target: InboundTarget, message: KioskInbound): void {
  const state = target.state;
  const call = callOf(state);
  switch (message.type) {
    case 'queue.position': {
      if (!isAsking(state)) return;
      const { requestId, position, expectedWaitSec, nobodyAvailable } = message;
      // The flag only when set: a state without it reads as "someone can answer".
      const place = { requestId, position, expectedWaitSec, ...(nobodyAvailable ? { nobodyAvailable } : {}) };
      target.enter({ phase: 'waiting', ...place }, state.phase === 'waiting' ? 'queue position changed' : 'queued by the hub');
      return;
    }
    case 'help.closed':
      if (isAsking(state)) target.finish(message.reason === 'cancelled' ? 'cancelled' : 'abandoned', `hub closed the request (${message.reason})`);
      return;
    case 'call.assigned': {
      const { sessionId, requestId, expert, iceServers } = message;
      if (state.phase === 'reconnecting' && call?.sessionId === sessionId) {
        // The hub kept the call through our outage; fresh ICE servers (TURN credentials) come along.
        target.enter({ ...call, iceServers }, 'call resumed after reconnecting');
      } else if (isAsking(state)) {
        target.enter({ phase: 'connecting', sessionId, requestId, expert, iceServers }, 'expert accepted');
      } else if (call?.sessionId !== sessionId) {
        target.warn({ sessionId, phase: state.phase }, 'assist: call.assigned that fits no request; ignored');
      }
      return;
    }
    case 'call.end':
      if (call?.sessionId !== message.sessionId) return;
      if (message.reason === 'transferred' || message.reason === 'expert-lost') {
        target.queuedAgain();
        target.enter({ phase: 'requesting', after: message.reason }, `call ended (${message.reason}); waiting for another expert`);
      } else {
        target.finish(message.reason, `hub ended the call (${message.reason})`);
      }
      return;
    case 'authorization.decision':
      // The hub-signed copy: the one the kiosk acts on and keeps.
      target.recordDecision(message);
      return;
    case 'error':
      target.warn({ code: message.code, about: message.about }, `assist: hub refused a message: ${message.message}`);
      // ALREADY_WAITING after a reconnect means the hub still has our request: its position follows.
      if (message.about === 'help.request' && message.code !== 'ALREADY_WAITING' && isAsking(state)) target.finish('unavailable', `hub refused help (${message.code})`);
      return;
    default:
      return;
  }
}
