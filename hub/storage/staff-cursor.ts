// The opaque `nextCursor` of the staff transaction listing: the sort key of the last row
// sent. Keyset paging stays exact while kiosks keep adding rows, unlike OFFSET.
import { z } from 'zod';

export interface TransactionCursor {
  /** createdAt in UTC with all six fractional digits PostgreSQL keeps, so no row is skipped. */
  createdAt: string;
  kioskId: string;
  seq: number;
}

const cursorSchema = z
  .object({
    t: z.string().regex(/^\d{4,5}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    k: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    s: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

export function encodeCursor(cursor: TransactionCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt, k: cursor.kioskId, s: cursor.seq })).toString('base64url');
}

/** Null for anything this hub did not hand out. */
export function decodeCursor(text: string): TransactionCursor | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(raw);
  return parsed.success ? { createdAt: parsed.data.t, kioskId: parsed.data.k, seq: parsed.data.s } : null;
}
