// Back-pressure for the outbox: past a configured backlog, database size or free-disk floor
// the kiosk refuses new transactions with STORAGE_FULL — a clear refusal before the customer
// starts, instead of a disk that fills mid-journey — and tells the hub once per episode.
import { statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { BridgeError } from '../bridge/contract.js';
import type { SqliteDb } from './sqlite.node.js';

export interface StorageLimits {
  /** Unsettled outbox rows. */
  maxBacklog: number;
  /** Database plus its WAL. */
  maxDbBytes: number;
  /** Free space the kiosk leaves to the OS and logs. */
  minFreeDiskBytes: number;
}

export const defaultStorageLimits: StorageLimits = { maxBacklog: 200_000, maxDbBytes: 1024 ** 3, minFreeDiskBytes: 200 * 1024 ** 2 };

export type StorageFullReason = 'BACKLOG' | 'DB_SIZE' | 'DISK_FREE';

export class StorageFullError extends BridgeError {
  constructor(readonly reason: StorageFullReason, detail: string) {
    super('STORAGE_FULL', `kiosk storage limit reached (${reason}): ${detail}`);
    this.name = 'StorageFullError';
  }
}

export interface StorageUse {
  backlog: number;
  dbBytes: number;
  freeDiskBytes: number;
}

export interface BackpressureDeps {
  db: SqliteDb;
  dbFile: string;
  limits: StorageLimits;
  backlog: () => Promise<number>;
  /** Once per episode, when a limit is first reached. */
  onLimitReached: (reason: StorageFullReason, use: StorageUse) => void;
  /**
   * How often the figures are read afresh (queries and a syscall). In between, the backlog is
   * the last count plus the rows admitted since: an enqueue's durable path stays one journal
   * append, not a COUNT that would also force the journal's tail into sqlite first.
   */
  diskCheckEveryMs?: number;
  now?: () => number;
}

const fileSize = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

export class Backpressure {
  private disk: { at: number; dbBytes: number; freeDiskBytes: number; backlog: number } | null = null;
  /** Admitted since the last count: an over-estimate (a failed enqueue or a sent row is still counted) until the next one. */
  private admittedSince = 0;
  private reached = false;

  constructor(private readonly deps: BackpressureDeps) {}

  async use(): Promise<StorageUse> {
    const now = (this.deps.now ?? Date.now)();
    if (!this.disk || now - this.disk.at >= (this.deps.diskCheckEveryMs ?? 1_000)) {
      const pages = await this.deps.db.get<{ page_count: number }>('PRAGMA page_count');
      const size = await this.deps.db.get<{ page_size: number }>('PRAGMA page_size');
      const fs = await statfs(this.deps.dbFile);
      const backlog = await this.deps.backlog();
      this.disk = { at: now, dbBytes: (pages?.page_count ?? 0) * (size?.page_size ?? 4096) + fileSize(`${this.deps.dbFile}-wal`), freeDiskBytes: fs.bavail * fs.bsize, backlog };
      this.admittedSince = 0;
    }
    return { backlog: this.disk.backlog + this.admittedSince, dbBytes: this.disk.dbBytes, freeDiskBytes: this.disk.freeDiskBytes };
  }

  /** Forget the figures: the next check reads them afresh (the sync engine just settled rows). */
  invalidate(): void {
    this.disk = null;
    this.admittedSince = 0;
  }

  /** The first limit reached, or null while there is room. */
  async check(): Promise<StorageFullReason | null> {
    const use = await this.use();
    const { limits } = this.deps;
    const reason: StorageFullReason | null =
      use.backlog >= limits.maxBacklog ? 'BACKLOG' : use.dbBytes >= limits.maxDbBytes ? 'DB_SIZE' : use.freeDiskBytes < limits.minFreeDiskBytes ? 'DISK_FREE' : null;
    if (reason && !this.reached) this.deps.onLimitReached(reason, use);
    this.reached = reason !== null;
    return reason;
  }

  /** The outbox's admission hook. */
  readonly admit = async (): Promise<void> => {
    const reason = await this.check();
    if (reason) throw new StorageFullError(reason, 'new transactions are refused until the backlog reaches the hub');
    this.admittedSince += 1;
  };
}
