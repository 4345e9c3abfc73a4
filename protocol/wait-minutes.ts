// Apart from branch-queue.ts (which re-exports it), so that the kiosk page can round a wait
// without loading the queue's schemas at start-up (cold start).

/** An estimate in whole minutes, rounded up and at least one: promising less than the truth disappoints twice. */
export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
