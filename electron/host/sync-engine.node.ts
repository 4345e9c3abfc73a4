// Keeps the outbox flowing to the hub and hub changes flowing back, and reports whether the
// kiosk is online. Survives a kill at any instant: all progress lives in the outbox and pull
// cursor (see sync-push / sync-pull); in memory there is only the retry schedule.
//
// Every HTTP call goes through the one `send` (hub-send.node.ts, shared with the banking
// client), so request signing (kiosk authentication) plugs in there without touching push or pull.
import type { SyncStatus } from '../bridge/contract.js';
import { HUB_API_PATHS, changesPath, changesResponseSchema } from '../../protocol/hub-api.js';
import type { HubRequestSigner } from './hub-signer.node.js';
import type { HostLogger } from './log.node.js';
import type { Outbox } from './outbox.node.js';
import { defaultBackoff, fullJitterDelay, realClock, type BackoffPolicy, type SyncClock } from './sync-backoff.js';
import type { PulledState } from './sync-pull.node.js';
import { hubSender, type Send } from './hub-send.node.js';
import { HubError, errorCode, pushBacklog } from './sync-push.node.js';

export interface SyncEngineOptions {
  hubUrl: string | null;
  kioskId: string;
  branchId: string;
  version: string;
  outbox: Outbox;
  log: HostLogger;
  intervalMs: number;
  batchSize?: number;
  onStatus(status: SyncStatus): void;
  fetchImpl?: typeof fetch;
  /** Kiosk authentication: headers for each request, over the exact body sent. */
  sign?: HubRequestSigner;
  /** A hung hub (half-open connection) must not stall the kiosk's sync for long. */
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  clock?: SyncClock;
  /** Hub → kiosk changes; omitted, the engine only pushes. */
  pull?: PulledState;
  pullEveryMs?: number;
}

const PULL_PAGE = 200;
const PULL_PAGES_PER_ROUND = 20;
/** A hub without the changes route is asked again this much later, not every round. */
const PULL_UNSUPPORTED_RETRY_MS = 10 * 60_000;

export class SyncEngine {
  private timer: unknown = null;
  private registered = false;
  private running: Promise<void> | null = null;
  private stopped = true;
  private failures = 0;
  private nextPullAt = 0;
  private status: SyncStatus = { online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: null, rejected: 0 };
  private readonly clock: SyncClock;
  /** The only way this engine talks to the hub. */
  private readonly send: Send;

  constructor(private readonly opts: SyncEngineOptions) {
    this.clock = opts.clock ?? realClock;
    this.send = hubSender({
      hubUrl: opts.hubUrl,
      ...(opts.sign ? { sign: opts.sign } : {}),
      ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
      ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    });
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  current(): SyncStatus {
    return this.status;
  }

  /** Consecutive failed rounds; the backoff exponent. */
  failureCount(): number {
    return this.failures;
  }

  /** A new transaction: send it now, unless the engine is backing off from a failing hub. */
  kick(): void {
    if (this.failures === 0 && !this.stopped) void this.join();
  }

  /**
   * A full round that starts now, whatever the backoff (technician tools, tests). A round
   * already in flight may have started before the hub came back, so it is awaited, not reused.
   */
  async runNow(): Promise<void> {
    await this.running;
    // "Now" means a full round, the pull included, not only what is due.
    this.nextPullAt = 0;
    await this.join();
  }

  /** The round in flight, or a new one: concurrent triggers share a round. */
  private join(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.join().finally(() => this.schedule(this.nextDelay()));
    }, delayMs);
  }

  /** Full-jitter backoff while failing, the normal interval otherwise. */
  nextDelay(): number {
    if (this.failures === 0) return this.opts.intervalMs;
    return fullJitterDelay(this.failures, this.opts.backoff ?? defaultBackoff, this.opts.random ?? Math.random);
  }

  private async round(): Promise<void> {
    const { hubUrl, outbox, log } = this.opts;
    let online = false;
    try {
      if (!hubUrl) return;
      if (!this.registered) await this.register();
      await pushBacklog({ kioskId: this.opts.kioskId, outbox, log, send: (m, p, b) => this.send(m, p, b), batchSize: this.opts.batchSize ?? 200, register: () => this.register() });
      await this.pullChanges();
      online = true;
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      if (err instanceof HubError && err.code === 'UNKNOWN_KIOSK') this.registered = false;
      log.warn({ err: (err as Error).message, failures: this.failures }, 'sync: hub unreachable or refusing');
    } finally {
      await this.publish(online);
    }
  }

  private async register(): Promise<void> {
    const res = await this.send('POST', HUB_API_PATHS.registerKiosk, { kioskId: this.opts.kioskId, branchId: this.opts.branchId, version: this.opts.version });
    if (res.status !== 200 && res.status !== 201) throw new HubError(res.status, await errorCode(res));
    this.registered = true;
  }

  private async pullChanges(): Promise<void> {
    const state = this.opts.pull;
    if (!state || this.clock.now() < this.nextPullAt) return;
    for (let page = 0; page < PULL_PAGES_PER_ROUND; page++) {
      const reply = await this.send('GET', changesPath(this.opts.kioskId, await state.cursor(), PULL_PAGE));
      if (reply.status === 404) {
        const code = await errorCode(reply);
        if (code === 'UNKNOWN_KIOSK') throw new HubError(404, code);
        this.nextPullAt = this.clock.now() + PULL_UNSUPPORTED_RETRY_MS;
        this.opts.log.info('sync: hub does not serve kiosk changes yet; pull paused');
        return;
      }
      if (reply.status !== 200) throw new HubError(reply.status, await errorCode(reply));
      const body = changesResponseSchema.parse(await reply.json());
      await state.apply(body);
      if (!body.hasMore) break;
    }
    this.nextPullAt = this.clock.now() + (this.opts.pullEveryMs ?? this.opts.intervalMs);
  }

  private async publish(online: boolean): Promise<void> {
    const stats = await this.opts.outbox.stats().catch(() => null);
    const next: SyncStatus = {
      online,
      backlog: stats?.pending ?? this.status.backlog,
      oldestPendingAt: stats ? stats.oldestPendingAt : this.status.oldestPendingAt,
      lastSyncAt: online ? new Date(this.clock.now()).toISOString() : this.status.lastSyncAt,
      rejected: stats?.rejected ?? this.status.rejected ?? 0,
    };
    const changed = next.online !== this.status.online || next.backlog !== this.status.backlog || next.rejected !== this.status.rejected;
    this.status = next;
    if (changed) this.opts.onStatus(next);
  }
}
