// The "expected wait" a kiosk shows. An estimate, stated plainly: free experts answer in
// about `answerSec`; beyond them, each busy expert frees up on average after half a typical
// call, and the customer waits for their turn among those.

export interface WaitInputs {
  /** 1 = next in line. */
  position: number;
  /** Online experts who could take this request and are free now. */
  freeExperts: number;
  /** Online experts who could take it, free or in a call. */
  onlineExperts: number;
  /** Rolling average talk time. */
  avgHandleSec: number;
  /** Typical time for a free expert to accept. */
  answerSec: number;
}

export function estimateWaitSec({ position, freeExperts, onlineExperts, avgHandleSec, answerSec }: WaitInputs): number {
  if (position <= freeExperts) return Math.round(answerSec);
  const servers = Math.max(1, onlineExperts);
  const rounds = Math.ceil((position - freeExperts) / servers);
  return Math.round(answerSec + (rounds - 0.5) * avgHandleSec);
}

/** Exponentially weighted mean of talk times, so the estimate follows the day's mix of calls. */
export class HandleTimeAverage {
  constructor(
    private value: number,
    private readonly weight = 0.2,
  ) {}

  get sec(): number {
    return this.value;
  }

  record(talkSec: number): void {
    if (Number.isFinite(talkSec) && talkSec >= 0) this.value = this.value * (1 - this.weight) + talkSec * this.weight;
  }
}
