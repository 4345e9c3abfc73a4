// The signaling socket dropped in the middle of a request or call. A dropped socket is not
// a dropped call: the hub keeps the kiosk's place for its grace period, so the host moves to
// `reconnecting`, tries again on the reconnect policy's schedule, and once a socket is open
// waits a short while for the hub to replay the kiosk's place before giving the call up.
import { ASSIST_CLOSE_CODES } from '../../../protocol/assist-signaling.js';
import type { AssistEndReason, AssistState } from '../../bridge/assist-contract.js';
import { callOf } from './assist-machine.js';
import type { ReconnectHooks } from './socket-keeper.node.js';

export interface OutageTarget {
  state(): AssistState;
  enter(next: AssistState, cause: string): void;
  finish(reason: AssistEndReason, cause: string): void;
  /** Re-sends help.request if the hub may never have received it. */
  askHub(): void;
  /** Arms (or, without a callback, clears) the deadline for the hub to resume our place. */
  resumeDeadline(onExpired?: () => void): void;
}

function giveUp(target: OutageTarget, cause: string): void {
  const state = target.state();
  if (state.phase !== 'reconnecting') return;
  target.finish(callOf(state) ? 'kiosk-lost' : state.from.phase === 'requesting' ? 'unavailable' : 'abandoned', cause);
}

export function handleSocketLost(target: OutageTarget, keeper: { reconnect(hooks: ReconnectHooks): void }, code: number): void {
  const state = target.state();
  if (state.phase === 'idle' || state.phase === 'ended') return;
  // Another process claims to be this kiosk; fighting over the socket would help nobody.
  if (code === ASSIST_CLOSE_CODES.replaced) return target.finish(callOf(state) ? 'kiosk-lost' : 'abandoned', 'another connection of this kiosk replaced ours');
  target.resumeDeadline();
  const from = state.phase === 'reconnecting' ? state.from : state;
  target.enter({ phase: 'reconnecting', from, attempt: 0 }, `hub socket closed (${code})`);
  keeper.reconnect({
    attemptFailed: (attempts) => {
      const now = target.state();
      if (now.phase === 'reconnecting') target.enter({ ...now, attempt: attempts }, 'reconnect attempt failed');
    },
    // Open again: the hub replays our place (queue.position, or call.assigned with resumed).
    reopened: () => {
      target.askHub();
      target.resumeDeadline(() => giveUp(target, 'hub did not resume our request or call'));
    },
    gaveUp: () => giveUp(target, 'reconnecting took longer than the hub keeps our place'),
  });
}
