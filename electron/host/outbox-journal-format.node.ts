// Record format of the outbox journal (see outbox-journal.node.ts): a flat run of records
// in a zero-filled file, each
//   u32 length of body | u32 CRC32 of everything after this field | u32 epoch | u32 generation | body
// little-endian; the body is the row as a JSON array. A zero length ends the run (the file is
// preallocated with zeros). Epoch and generation tie a record to one store and to the part of
// the journal not yet known durable in sqlite: records left over from an earlier generation,
// or from a deleted store, fail the check and end the scan like a torn tail.
import { crc32 } from 'node:zlib';
import { z } from 'zod';

export const RECORD_HEADER_BYTES = 16;

export interface JournalEntry {
  seq: number;
  id: string;
  type: string;
  schemaVersion: number;
  payload: string;
  amountMinor: number | null;
  createdAt: string;
}

export interface JournalStamp {
  epoch: number;
  generation: number;
}

const bodySchema = z.tuple([z.number().int().positive(), z.string().min(1), z.string().min(1), z.number().int(), z.string(), z.number().int().nullable(), z.string().min(1)]);

export function encodeRecord(stamp: JournalStamp, e: JournalEntry): Buffer {
  const body = Buffer.from(JSON.stringify([e.seq, e.id, e.type, e.schemaVersion, e.payload, e.amountMinor, e.createdAt]), 'utf8');
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + body.length);
  record.writeUInt32LE(body.length, 0);
  record.writeUInt32LE(stamp.epoch >>> 0, 8);
  record.writeUInt32LE(stamp.generation >>> 0, 12);
  body.copy(record, RECORD_HEADER_BYTES);
  record.writeUInt32LE(crc32(record.subarray(8)), 4);
  return record;
}

/** Why a scan stopped before the zero-filled end: `torn` is expected after a crash mid-write. */
export type ScanStop = { kind: 'end' } | { kind: 'torn'; offset: number } | { kind: 'corrupt'; offset: number; reason: string };

export interface ScanResult {
  entries: JournalEntry[];
  /** Where the next record goes: just after the last valid one. */
  end: number;
  stop: ScanStop;
}

type Check = { ok: true; entry: JournalEntry; next: number } | { ok: false; ours: boolean; reason: string };

/** `ours`: the header claims this store and generation, so a failure is damage, not leftovers. */
function check(buf: Buffer, offset: number, stamp: JournalStamp): Check {
  if (offset + RECORD_HEADER_BYTES > buf.length) return { ok: false, ours: false, reason: 'end of file' };
  const length = buf.readUInt32LE(offset);
  if (length === 0) return { ok: false, ours: false, reason: 'zero length' };
  const ours = buf.readUInt32LE(offset + 8) === stamp.epoch >>> 0 && buf.readUInt32LE(offset + 12) === stamp.generation >>> 0;
  if (!ours) return { ok: false, ours, reason: 'record of another generation' };
  const next = offset + RECORD_HEADER_BYTES + length;
  if (next > buf.length) return { ok: false, ours, reason: 'length past the end of the file' };
  if (crc32(buf.subarray(offset + 8, next)) !== buf.readUInt32LE(offset + 4)) return { ok: false, ours, reason: 'CRC mismatch' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.toString('utf8', offset + RECORD_HEADER_BYTES, next));
  } catch {
    return { ok: false, ours, reason: 'body is not JSON' };
  }
  const body = bodySchema.safeParse(parsed);
  if (!body.success) return { ok: false, ours, reason: 'body is not an outbox row' };
  const [seq, id, type, schemaVersion, payload, amountMinor, createdAt] = body.data;
  return { ok: true, entry: { seq, id, type, schemaVersion, payload, amountMinor, createdAt }, next };
}

/**
 * The valid records of `stamp` from the start of the file. The run ends at the first record
 * that fails a check: zeros or another generation's leftovers (a journal restarted at offset 0
 * overwrites the previous generation) end it normally; a record of this generation that fails
 * its length or CRC check is a torn write — expected after a crash, never acknowledged. When a
 * valid record follows a failed one, that cannot be a torn tail: it is reported as `corrupt`
 * (acknowledged rows may be damaged), and the scan still stops there, since what follows a
 * hole cannot keep the sequence whole.
 */
export function scanRecords(buf: Buffer, stamp: JournalStamp): ScanResult {
  const entries: JournalEntry[] = [];
  let offset = 0;
  for (;;) {
    const c = check(buf, offset, stamp);
    if (c.ok) {
      entries.push(c.entry);
      offset = c.next;
      continue;
    }
    const after = offset + RECORD_HEADER_BYTES + (offset + 4 <= buf.length ? buf.readUInt32LE(offset) : 0);
    const followed = c.reason !== 'zero length' && after > offset + RECORD_HEADER_BYTES && after < buf.length && check(buf, after, stamp).ok;
    if (followed) return { entries, end: offset, stop: { kind: 'corrupt', offset, reason: c.reason } };
    return { entries, end: offset, stop: c.ours ? { kind: 'torn', offset } : { kind: 'end' } };
  }
}
