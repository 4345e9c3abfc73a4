// The raw rate of one durable small write on a disk: what one durable commit per transaction
// cannot beat. The SAME syscall pattern as the outbox's durable commit (outbox-journal.node.ts),
// so that value ÷ baseline measures the outbox's own overhead and nothing else: a 256-byte
// record (a typical journal record is 220–300 bytes) written with pwrite at the next offset
// of a preallocated, zero-filled file opened O_DSYNC (wrapping at its end, as the journal
// restarts), issued synchronously — no thread pool, no JavaScript between the writes.
// Measured in blocks interleaved with the thing under test, because a shared virtual disk's
// speed drifts by 2–4× within a minute and two back-to-back runs would compare two disks.
import { closeSync, constants, fdatasyncSync, fsyncSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { JOURNAL_BYTES } from '../electron/host/outbox-journal.node.js';

const FILE_BYTES = JOURNAL_BYTES; // the journal's size
const RECORD = 256;

export class FsyncBaseline {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(RECORD, 1);
  private readonly dsync = (constants.O_DSYNC ?? 0) !== 0;
  private position = 0;
  count = 0;
  ms = 0;

  constructor(dir: string) {
    const file = path.join(dir, 'fsync.bin');
    const prep = openSync(file, 'w', 0o600);
    writeSync(prep, Buffer.alloc(FILE_BYTES));
    fsyncSync(prep);
    closeSync(prep);
    this.fd = openSync(file, constants.O_RDWR | (constants.O_DSYNC ?? 0));
  }

  /** The pattern, named for the result files. */
  static readonly pattern = 'pwrite 256 B + O_DSYNC into a preallocated file';

  block(n: number): void {
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      if (this.position + RECORD > FILE_BYTES) this.position = 0;
      writeSync(this.fd, this.buf, 0, RECORD, this.position);
      if (!this.dsync) fdatasyncSync(this.fd);
      this.position += RECORD;
    }
    this.ms += performance.now() - start;
    this.count += n;
  }

  rate(): number {
    return this.count / (this.ms / 1000);
  }

  close(): void {
    closeSync(this.fd);
  }
}
