// The outbox journal file: where a durable enqueue becomes durable. A preallocated,
// zero-filled file (written once, never truncated or extended afterwards), opened O_DSYNC, so
// an append is ONE pwrite of a few hundred bytes into blocks the file already owns: the
// kernel writes the data and flushes the device cache, with no file-size or extent metadata
// to commit — what a small fdatasync costs, where a sqlite commit writes ~4 WAL pages and
// fsyncs (the sqlite3 build has no fdatasync), committing the inode's mtime as well.
//
// Records are stamped with the store's epoch and the current generation (see
// outbox-journal-format.node.ts); the owner restarts the journal at offset 0 under a new
// generation once sqlite holds everything durably (outbox-journal-store.node.ts).
import { constants, fdatasyncSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { scanRecords, type JournalEntry, type JournalStamp, type ScanResult } from './outbox-journal-format.node.js';

export const JOURNAL_FILE = 'outbox.journal';
/** About 4,000 typical rows between restarts (one sqlite fsync each); small beside the store. */
export const JOURNAL_BYTES = 1024 * 1024;
/** See DRAIN_ROWS in outbox-journal-store.node.ts. */
export const DRAIN_ROWS_DEFAULT = 256;

const ZEROS = Buffer.alloc(64 * 1024);
// Windows has no O_DSYNC: there each append is followed by an explicit datasync.
const O_DSYNC = constants.O_DSYNC ?? 0;

/** Zero-fills up to `bytes` with real writes (not fallocate, whose unwritten extents would make the first write to each block a metadata change) and syncs it, with the directory entry. */
async function preallocate(file: string, bytes: number): Promise<void> {
  const fh = await open(file, constants.O_RDWR | constants.O_CREAT, 0o600);
  try {
    const { size } = await fh.stat();
    if (size >= bytes) return;
    for (let at = size; at < bytes; at += ZEROS.length) await fh.write(ZEROS, 0, Math.min(ZEROS.length, bytes - at), at);
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (process.platform !== 'win32') {
    const dir = await open(path.dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

export class OutboxJournal {
  private constructor(
    private readonly fh: FileHandle,
    readonly file: string,
    readonly bytes: number,
    private current: JournalStamp,
    private position: number,
  ) {}

  /** Opens (creating and preallocating when needed) and scans for the records of `stamp`. */
  static async open(file: string, stamp: JournalStamp, bytes = JOURNAL_BYTES): Promise<{ journal: OutboxJournal; scan: ScanResult }> {
    await preallocate(file, bytes);
    const fh = await open(file, constants.O_RDWR | O_DSYNC);
    try {
      const { size } = await fh.stat();
      const content = Buffer.alloc(size);
      await fh.read(content, 0, size, 0);
      const scan = scanRecords(content, stamp);
      return { journal: new OutboxJournal(fh, file, size, { ...stamp }, scan.end), scan };
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  get stamp(): JournalStamp {
    return { ...this.current };
  }

  /** Whether `length` more bytes fit after the records written so far. */
  fits(length: number): boolean {
    return this.position + length <= this.bytes;
  }

  /**
   * Writes the records at the end of the run and returns once they are on the disk. On this
   * thread, not the libuv pool: one O_DSYNC pwrite of a few hundred bytes blocks for about as
   * long as the pool's round trip costs, and a transaction (a few a minute at a kiosk) is worth
   * the pause; the same syscall as the benchmark's baseline. Synchronous, so that the caller
   * can put the rows into the tail before anything else runs.
   */
  write(records: readonly Buffer[]): void {
    const data = records.length === 1 ? records[0]! : Buffer.concat(records);
    if (!this.fits(data.length)) throw new RangeError(`outbox journal: ${data.length} bytes do not fit`);
    const at = this.position;
    // Advanced before the write: after a failure the attempted bytes are the last `length`
    // bytes, which is what `retract` clears.
    this.position += data.length;
    const bytesWritten = writeSync(this.fh.fd, data, 0, data.length, at);
    if (bytesWritten !== data.length) throw new Error(`outbox journal: short write (${bytesWritten} of ${data.length} bytes)`);
    if (O_DSYNC === 0) fdatasyncSync(this.fh.fd);
  }

  /**
   * Overwrites the last `length` bytes appended (or attempted) with zeros, durably: records
   * whose rows never reached sqlite must not come back at the next open. The scan ends at the
   * zeros, so the journal continues from there. Synchronous like `write`, so no append can
   * slip in between.
   */
  retract(length: number): void {
    const at = this.position - length;
    writeSync(this.fh.fd, Buffer.alloc(length), 0, length, at);
    if (O_DSYNC === 0) fdatasyncSync(this.fh.fd);
    this.position = at;
  }

  /**
   * The next seq the outbox hands out, known only while nothing but the journaled flush has
   * inserted rows: anything else that inserts (a business transaction's `insert`) clears it.
   */
  nextSeq: number | null = null;

  /**
   * Rows acknowledged (their records are on the disk) but not yet written into sqlite, in seq
   * order, all above every seq sqlite holds. outbox-journal-store.node.ts moves them in.
   */
  readonly tail: JournalEntry[] = [];
  /** How long a short tail waits for more rows before it moves into sqlite on its own (readers move it at once). */
  drainIdleMs = 250;
  /** A tail this long moves into sqlite at the next turn of the event loop, without waiting for a pause. */
  drainRows = DRAIN_ROWS_DEFAULT;
  /** Why the last attempt to move the tail into sqlite failed (e.g. a DiskFullError); null after one succeeds. */
  drainError: Error | null = null;

  /** A new generation from offset 0: the caller has made every earlier record durable elsewhere. */
  restart(generation: number): void {
    this.current = { ...this.current, generation };
    this.position = 0;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
