// Read side of the transaction log, for staff screens and tests.
import type { ListTransactionsQuery, StoredTransaction } from '../../protocol/hub-api.js';
import type { Queryable } from './queryable.js';
import { toIsoString, toSafeInteger } from './row-values.js';

export interface TransactionRow {
  tx_id: string;
  kiosk_id: string;
  seq: unknown;
  type: string;
  schema_version: number;
  created_at: unknown;
  received_at: unknown;
  payload: Record<string, unknown>;
}

/** Shared with the staff queries, which select the same columns. */
export function toStoredTransaction(row: TransactionRow): StoredTransaction {
  return {
    id: row.tx_id,
    kioskId: row.kiosk_id,
    seq: toSafeInteger(row.seq),
    type: row.type,
    schemaVersion: row.schema_version,
    createdAt: toIsoString(row.created_at),
    receivedAt: toIsoString(row.received_at),
    payload: row.payload,
  };
}

export async function listTransactions(db: Queryable, query: ListTransactionsQuery): Promise<StoredTransaction[]> {
  const { rows } = await db.query<TransactionRow>(
    `SELECT tx_id, kiosk_id, seq, type, schema_version, created_at, received_at, payload
     FROM kiosk_transactions WHERE kiosk_id = $1 AND seq > $2
     ORDER BY seq LIMIT $3`,
    [query.kioskId, query.afterSeq, query.limit],
  );
  return rows.map(toStoredTransaction);
}
