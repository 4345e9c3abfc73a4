// Pushes the outbox to the hub in sequence order and reports whether the kiosk is online.
// Issue #5 hardens this (signing, backoff with jitter, pull by cursor); the wire format is
// the hub's `hub/api/v1.ts`.
import type { SyncStatus } from '../bridge/contract.js';
import type { HostLogger } from './log.node.js';
import type { Outbox } from './outbox.node.js';
import { transactionBatchResponseSchema, type TransactionBatchRequest } from '../../hub/api/v1.js';

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
}

export class SyncEngine {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private registered = false;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failures = 0;
  private status: SyncStatus = { online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: null };

  constructor(private readonly opts: SyncEngineOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  current(): SyncStatus {
    return this.status;
  }

  /** Runs one push now (also used after a new transaction so it leaves without waiting). */
  kick(): Promise<void> {
    this.running ??= this.pushOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.kick().finally(() => {
        const backoff = Math.min(this.opts.intervalMs * 2 ** Math.min(this.failures, 5), 60_000);
        this.schedule(this.failures > 0 ? backoff : this.opts.intervalMs);
      });
    }, delayMs);
  }

  private async pushOnce(): Promise<void> {
    const { hubUrl, outbox, log } = this.opts;
    let online = false;
    try {
      if (!hubUrl) return;
      if (!this.registered) await this.register(hubUrl);
      for (;;) {
        const rows = await outbox.pending(this.opts.batchSize ?? 100);
        if (rows.length === 0) break;
        await outbox.markAttempt(rows.map((r) => r.id));
        const body: TransactionBatchRequest = {
          kioskId: this.opts.kioskId,
          items: rows.map((r) => ({ id: r.id, seq: r.seq, type: r.type, schemaVersion: r.schemaVersion, createdAt: r.createdAt, payload: r.payload })),
        };
        const res = await this.post(`${hubUrl}/v1/transactions`, body);
        if (res.status === 404) this.registered = false;
        if (!res.ok) throw new Error(`hub answered ${res.status}`);
        const parsed = transactionBatchResponseSchema.parse(await res.json());
        const acked: string[] = [];
        for (const result of parsed.results) {
          const row = rows[result.index];
          if (!row) continue;
          if (result.status === 'rejected') await outbox.markRejected(row.id, result.code ?? 'REJECTED', result.message ?? '');
          else acked.push(row.id);
        }
        await outbox.markAcked(acked);
        log.info({ sent: rows.length, acked: acked.length }, 'sync: batch delivered');
      }
      online = true;
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      log.warn({ err: (err as Error).message, failures: this.failures }, 'sync: hub unreachable');
    } finally {
      await this.publish(online);
    }
  }

  private async register(hubUrl: string): Promise<void> {
    const res = await this.post(`${hubUrl}/v1/kiosks/register`, { kioskId: this.opts.kioskId, branchId: this.opts.branchId, version: this.opts.version });
    if (!res.ok) throw new Error(`registration refused: ${res.status}`);
    this.registered = true;
  }

  private post(url: string, body: unknown): Promise<Response> {
    const f = this.opts.fetchImpl ?? fetch;
    return f(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  }

  private async publish(online: boolean): Promise<void> {
    const stats = await this.opts.outbox.stats().catch(() => null);
    const next: SyncStatus = {
      online,
      backlog: stats?.pending ?? this.status.backlog,
      oldestPendingAt: stats?.oldestPendingAt ?? null,
      lastSyncAt: online ? new Date().toISOString() : this.status.lastSyncAt,
    };
    const changed = next.online !== this.status.online || next.backlog !== this.status.backlog;
    this.status = next;
    if (changed) this.opts.onStatus(next);
  }
}
