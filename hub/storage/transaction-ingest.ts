// Applies a kiosk's batch at most once per transaction id. One multi-row
// INSERT … ON CONFLICT DO NOTHING stores what is new; whatever it skipped is looked up to
// tell a replay (same id, same seq) from a conflict (same id with another seq, or a seq
// already taken by another id).
import type { TransactionItem } from '../../protocol/hub-api.js';
import { namedStatement, type Queryable } from './queryable.js';
import { toSafeInteger } from './row-values.js';

export type IngestOutcome =
  | { status: 'stored' }
  | { status: 'duplicate' }
  | { status: 'rejected'; code: 'CONFLICT'; message: string };

const STORED: IngestOutcome = { status: 'stored' };
const DUPLICATE: IngestOutcome = { status: 'duplicate' };

function conflict(message: string): IngestOutcome {
  return { status: 'rejected', code: 'CONFLICT', message };
}

// The uuid column hands ids back lower-case; compare in that form.
const idKey = (item: TransactionItem) => item.id.toLowerCase();

// ORDER BY ord: when two new ids claim the same seq, the earlier item in the batch wins.
// Both statements are prepared per connection (queryable.ts): every batch runs the first.
const INSERT_NEW = namedStatement(
  'hub_insert_transactions',
  `INSERT INTO kiosk_transactions (kiosk_id, tx_id, seq, type, schema_version, created_at, payload)
   SELECT $1, r.tx_id, r.seq, r.type, r.schema_version, r.created_at, r.payload
   FROM jsonb_to_recordset($2::jsonb)
     AS r(ord integer, tx_id uuid, seq bigint, type text, schema_version integer, created_at timestamptz, payload jsonb)
   ORDER BY r.ord
   ON CONFLICT DO NOTHING
   RETURNING tx_id`,
);
const STORED_SEQS = namedStatement(
  'hub_stored_transaction_seqs',
  `SELECT tx_id, seq FROM kiosk_transactions
   WHERE kiosk_id = $1 AND tx_id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
);

async function insertNew(db: Queryable, kioskId: string, items: TransactionItem[]): Promise<Set<string>> {
  const rows = items.map((item, ord) => ({
    ord,
    tx_id: item.id,
    seq: item.seq,
    type: item.type,
    schema_version: item.schemaVersion,
    created_at: item.createdAt,
    payload: item.payload,
  }));
  const { rows: inserted } = await db.query<{ tx_id: string }>(INSERT_NEW, [kioskId, JSON.stringify(rows)]);
  return new Set(inserted.map((row) => row.tx_id));
}

async function storedSeqs(db: Queryable, kioskId: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ tx_id: string; seq: unknown }>(STORED_SEQS, [kioskId, JSON.stringify(ids)]);
  return new Map(rows.map((row) => [row.tx_id, toSafeInteger(row.seq)]));
}

function outcomeOfSkipped(item: TransactionItem, existingSeq: number | undefined): IngestOutcome {
  if (existingSeq === item.seq) return DUPLICATE;
  if (existingSeq !== undefined) return conflict(`id is already stored with seq ${existingSeq}`);
  return conflict(`seq ${item.seq} is already used by another transaction of this kiosk`);
}

/** Outcomes in the order of `items`. Run it inside the transaction that locked the kiosk. */
export async function ingestItems(db: Queryable, kioskId: string, items: TransactionItem[]): Promise<IngestOutcome[]> {
  // An id repeated inside the batch is decided by its first occurrence.
  const firstByKey = new Map<string, TransactionItem>();
  for (const item of items) if (!firstByKey.has(idKey(item))) firstByKey.set(idKey(item), item);
  const firsts = [...firstByKey.values()];

  const inserted = firsts.length > 0 ? await insertNew(db, kioskId, firsts) : new Set<string>();
  const skippedKeys = firsts.map(idKey).filter((key) => !inserted.has(key));
  const existing = await storedSeqs(db, kioskId, skippedKeys);

  const firstOutcome = new Map<string, IngestOutcome>();
  for (const [key, item] of firstByKey) {
    firstOutcome.set(key, inserted.has(key) ? STORED : outcomeOfSkipped(item, existing.get(key)));
  }

  const seen = new Set<string>();
  return items.map((item) => {
    const key = idKey(item);
    const first = firstByKey.get(key);
    const outcome = firstOutcome.get(key);
    if (!first || !outcome) throw new Error('ingest: every item has a first occurrence');
    if (!seen.has(key)) {
      seen.add(key);
      return outcome;
    }
    if (first.seq !== item.seq) return conflict(`id appears earlier in this batch with seq ${first.seq}`);
    return outcome.status === 'stored' ? DUPLICATE : outcome;
  });
}
