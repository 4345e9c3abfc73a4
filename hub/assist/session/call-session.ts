// One call between a kiosk and an expert, with its phase held explicitly and changed in one
// place (`setState`), which refuses impossible moves, logs "old → new" and tells the
// listener — so a phase is never inferred from which fields happen to be set.
export type CallState = 'active' | 'reconnecting' | 'ended';
export type CallParty = 'kiosk' | 'expert';

const ALLOWED: Record<CallState, readonly CallState[]> = {
  active: ['reconnecting', 'ended'],
  reconnecting: ['active', 'ended'],
  ended: [],
};

export interface CallStateChange {
  sessionId: string;
  from: CallState;
  to: CallState;
  cause: string;
}

export interface CallIdentity {
  sessionId: string;
  requestId: string;
  kioskId: string;
  staffId: string;
  startedAt: number;
}

export class CallSession {
  private current: CallState = 'active';
  /** Parties whose signaling socket is gone and who are inside their grace period. */
  private readonly away = new Set<CallParty>();

  constructor(
    readonly identity: CallIdentity,
    private readonly onChange: (change: CallStateChange) => void,
  ) {}

  get state(): CallState {
    return this.current;
  }

  get sessionId(): string {
    return this.identity.sessionId;
  }

  isAway(party: CallParty): boolean {
    return this.away.has(party);
  }

  partyLeft(party: CallParty): void {
    if (this.current === 'ended') return;
    this.away.add(party);
    this.setState('reconnecting', `${party} disconnected`);
  }

  partyBack(party: CallParty): void {
    if (this.current === 'ended') return;
    this.away.delete(party);
    if (this.away.size === 0) this.setState('active', `${party} reconnected`);
  }

  end(cause: string): void {
    this.setState('ended', cause);
  }

  private setState(to: CallState, cause: string): void {
    const from = this.current;
    if (from === to) return;
    if (!ALLOWED[from].includes(to)) throw new Error(`call ${this.sessionId}: ${from} → ${to} is not allowed`);
    this.current = to;
    this.onChange({ sessionId: this.sessionId, from, to, cause });
  }
}
