// The kiosk's call state, explicit (DESIGN §7, after LiveKit's Room): the state changes only
// through `set`, which checks the move against the table below, logs "old → new" with its
// cause and emits the new, sequence-numbered status. No phase is implied by which optional
// field happens to be set; each state carries exactly its own data.
import { callOf, type AssistPhase, type AssistState, type AssistStatus } from '../../bridge/assist-contract.js';

export { callOf };

/** Where each phase may go. Every phase may also go to `idle` (the session was wiped). */
const ALLOWED: Record<AssistPhase, readonly AssistPhase[]> = {
  idle: ['requesting'],
  requesting: ['requesting', 'waiting', 'connecting', 'reconnecting', 'ended'],
  waiting: ['waiting', 'connecting', 'reconnecting', 'ended'],
  // Back to requesting: the expert transferred the customer or was lost; the hub queues again.
  connecting: ['in-call', 'requesting', 'waiting', 'reconnecting', 'ended'],
  'in-call': ['requesting', 'waiting', 'reconnecting', 'ended'],
  reconnecting: ['reconnecting', 'requesting', 'waiting', 'connecting', 'in-call', 'ended'],
  ended: ['requesting'],
};

export function canMove(from: AssistPhase, to: AssistPhase): boolean {
  return to === 'idle' || ALLOWED[from].includes(to);
}

export interface MachineLogger {
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export class AssistMachine {
  private current: AssistStatus = { seq: 0, state: { phase: 'idle' } };

  constructor(
    private readonly log: MachineLogger,
    private readonly onChange: (status: AssistStatus, previous: AssistState) => void,
  ) {}

  get state(): AssistState {
    return this.current.state;
  }

  status(): AssistStatus {
    return this.current;
  }

  /** The only way the state changes. A move the table forbids is refused and logged. */
  set(next: AssistState, cause: string): boolean {
    const previous = this.current.state;
    if (!canMove(previous.phase, next.phase)) {
      this.log.warn({ from: previous.phase, to: next.phase, cause }, `assist: refused ${previous.phase} → ${next.phase}`);
      return false;
    }
    this.current = { seq: this.current.seq + 1, state: next };
    const sessionId = callOf(next)?.sessionId ?? (next.phase === 'ended' ? next.sessionId : undefined);
    const fields = { from: previous.phase, to: next.phase, cause, ...(sessionId ? { sessionId } : {}) };
    // Queue-position updates (waiting → waiting) are frequent and not a change of phase.
    if (previous.phase === next.phase) this.log.debug(fields, `assist: ${previous.phase} → ${next.phase}`);
    else this.log.info(fields, `assist: ${previous.phase} → ${next.phase}`);
    this.onChange(this.current, previous);
    return true;
  }
}
