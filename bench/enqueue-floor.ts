// The least any durable enqueue written in JavaScript can cost on this machine, measured in the
// same interleaved blocks as enqueue-durable: per call, what every outbox row needs before its
// write (a UUIDv7, a timestamp, the payload as JSON, the framed record with its CRC), the same
// O_DSYNC journal write, and a promise the caller awaits. No sqlite, no admission, no card-data
// guard, no drain: an outbox cannot do less and stay an outbox.
//
// Why it is not the raw write rate: a thread that sleeps in a ~130 µs disk write wakes on a
// vCPU whose caches went cold while it idled, and the next few microseconds of JavaScript (and
// the next write's kernel path) run 2–4× slower than in a warm loop (measured: ~9 µs of this
// code warm, 25–45 µs between writes). The raw baseline has no code between its writes.
import path from 'node:path';
import { encodeRecord, type JournalStamp } from '../electron/host/outbox-journal-format.node.js';
import { OutboxJournal } from '../electron/host/outbox-journal.node.js';
import { uuidv7 } from '../electron/host/uuid-v7.node.js';

export class EnqueueFloor {
  private seq = 1;
  count = 0;
  ms = 0;

  private constructor(
    private readonly journal: OutboxJournal,
    private readonly stamp: JournalStamp,
  ) {}

  static async open(dir: string): Promise<EnqueueFloor> {
    const stamp = { epoch: 1, generation: 1 };
    const { journal } = await OutboxJournal.open(path.join(dir, 'floor.journal'), stamp);
    return new EnqueueFloor(journal, stamp);
  }

  private async enqueue(type: string, payload: Record<string, unknown>): Promise<{ id: string; seq: number }> {
    const entry = { seq: this.seq++, id: uuidv7(), type, schemaVersion: 1, payload: JSON.stringify(payload), amountMinor: null, createdAt: new Date().toISOString() };
    const record = encodeRecord(this.stamp, entry);
    if (!this.journal.fits(record.length)) {
      this.stamp.generation++;
      this.journal.restart(this.stamp.generation);
    }
    this.journal.write([record]);
    return { id: entry.id, seq: entry.seq };
  }

  async block(n: number, type: string, payload: Record<string, unknown>): Promise<void> {
    const start = performance.now();
    for (let i = 0; i < n; i++) await this.enqueue(type, payload);
    this.ms += performance.now() - start;
    this.count += n;
  }

  rate(): number {
    return this.count / (this.ms / 1000);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
