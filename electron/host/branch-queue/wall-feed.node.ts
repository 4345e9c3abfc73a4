// Feeds the wall display: long-polls the hub for the branch queue's snapshot (`after` = the
// version last seen, so the hub answers the moment something changes), signed like every
// kiosk request. Started by the first page that asks, and kept running: a waiting room's
// screen is on all day. A hub that is away is retried with capped backoff; the last snapshot
// stays on screen meanwhile, marked not connected.
import { BRANCH_QUEUE_PATHS, SNAPSHOT_DEFAULT_WAIT_MS, snapshotSchema, type Snapshot } from '../../../protocol/branch-queue.js';
import type { WallFeed } from '../../bridge/wall-contract.js';
import type { Send } from '../hub-send.node.js';
import type { HostLogger } from '../log.node.js';

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export interface WallFeedOptions {
  kioskId: string;
  /** A sender whose timeout exceeds the long poll's wait. */
  send: Send;
  log: HostLogger;
  onFeed(feed: WallFeed): void;
  waitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class WallFeedLoop {
  private feed: WallFeed = { snapshot: null, connected: false };
  private running = false;
  private stopped = false;
  private failures = 0;

  constructor(private readonly opts: WallFeedOptions) {}

  current(): WallFeed {
    return this.feed;
  }

  /** Idempotent: the first page to ask starts the loop. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop();
  }

  /** Ends the loop and cancels its open long poll, so that nothing holds the hub's or the host's close. */
  stop(): void {
    this.stopped = true;
    this.cancel.abort(new Error('wall feed stopped'));
  }

  private readonly cancel = new AbortController();

  private publish(next: WallFeed): void {
    const changed = next.connected !== this.feed.connected || next.snapshot?.seq !== this.feed.snapshot?.seq || next.snapshot?.at !== this.feed.snapshot?.at;
    this.feed = next;
    if (changed) this.opts.onFeed(next);
  }

  private async loop(): Promise<void> {
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.()));
    const base = BRANCH_QUEUE_PATHS.kioskSnapshot.replace(':kioskId', encodeURIComponent(this.opts.kioskId));
    while (!this.stopped) {
      const after = this.feed.snapshot?.seq;
      const query = new URLSearchParams({ waitMs: String(this.opts.waitMs ?? SNAPSHOT_DEFAULT_WAIT_MS), ...(after === undefined ? {} : { after: String(after) }) });
      try {
        const reply = await this.opts.send('GET', `${base}?${query.toString()}`, undefined, { signal: this.cancel.signal });
        if (reply.status !== 200) throw new Error(`hub answered ${reply.status}`);
        const snapshot: Snapshot = snapshotSchema.parse(await reply.json());
        if (this.stopped) return;
        if (this.failures > 0) this.opts.log.info({ failures: this.failures }, 'wall feed: hub reachable again');
        this.failures = 0;
        this.publish({ snapshot, connected: true });
      } catch (err) {
        if (this.stopped) return;
        if (this.failures === 0) this.opts.log.warn({ err: (err as Error).message }, 'wall feed: hub unreachable; retrying');
        this.failures += 1;
        this.publish({ snapshot: this.feed.snapshot, connected: false });
        await sleep(RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)]!);
      }
    }
  }
}
