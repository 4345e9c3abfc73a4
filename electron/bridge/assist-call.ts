// The call an assistance state belongs to. Apart from assist-contract.ts (which re-exports it)
// so that the page can ask without loading the contract's schemas at start-up (cold start).
import type { AssistState } from './assist-contract.js';

/** The call a state belongs to, if any (a reconnecting call keeps its session). */
export function callOf(state: AssistState): Extract<AssistState, { phase: 'connecting' | 'in-call' }> | null {
  if (state.phase === 'connecting' || state.phase === 'in-call') return state;
  if (state.phase === 'reconnecting' && (state.from.phase === 'connecting' || state.from.phase === 'in-call')) return state.from;
  return null;
}
