// The "expected wait" a kiosk shows. An estimate, stated plainly, from the experts who can
// actually answer: free experts answer in about `answerSec` (the recent time from "expert
// free and customer waiting" to accept); beyond them, each busy expert frees up on average
// after half a typical call, and the customer waits for their turn among those. Experts who
// are away, reconnecting or signed out answer nobody, so they count for nothing — and when
// no expert is free or in a call there is no honest number at all (null): the kiosk says so.

export interface WaitInputs {
  /** 1 = next in line. */
  position: number;
  /** Experts who could take this request and are free now. */
  freeExperts: number;
  /** Experts who could take it and are in a call (they come back free afterwards). */
  busyExperts: number;
  /** Rolling average talk time. */
  avgHandleSec: number;
  /** Rolling average time for a free expert to accept. */
  answerSec: number;
}

/** Seconds until an expert answers, or null when no expert can answer at all. */
export function estimateWaitSec({ position, freeExperts, busyExperts, avgHandleSec, answerSec }: WaitInputs): number | null {
  if (freeExperts + busyExperts === 0) return null;
  if (position <= freeExperts) return Math.round(answerSec);
  const rounds = Math.ceil((position - freeExperts) / (freeExperts + busyExperts));
  return Math.round(answerSec + (rounds - 0.5) * avgHandleSec);
}

/** Exponentially weighted mean (talk times, answer times), so the estimate follows the day. */
export class HandleTimeAverage {
  constructor(
    private value: number,
    private readonly weight = 0.2,
  ) {}

  get sec(): number {
    return this.value;
  }

  record(sec: number): void {
    if (Number.isFinite(sec) && sec >= 0) this.value = this.value * (1 - this.weight) + sec * this.weight;
  }
}
