// Which calls a wall display announces: each call event once, oldest first, and none of those
// already on the board when the display (re)starts — a waiting room must not hear the last
// hour's calls again after a reload or a hub restart.
import type { CallEvent, Snapshot } from '../../protocol/branch-queue.js';

export class CallAnnouncer {
  private lastSeq: number | null = null;

  /** The calls of `snapshot` not announced yet, oldest first. */
  take(snapshot: Snapshot): CallEvent[] {
    const newest = snapshot.lastCalls.reduce((max, call) => Math.max(max, call.seq), 0);
    if (this.lastSeq === null) {
      this.lastSeq = newest;
      return [];
    }
    const last = this.lastSeq;
    const fresh = snapshot.lastCalls.filter((call) => call.seq > last).sort((a, b) => a.seq - b.seq);
    this.lastSeq = Math.max(last, newest);
    return fresh;
  }
}
