// The transaction log as staff search it: any kiosk or one, some types or all, a time
// window on the kiosk's createdAt, paged by keyset on (createdAt, kioskId, seq).
import type { StaffTransactionsQuery } from '../api/staff.js';
import type { StoredTransaction } from '../../protocol/hub-api.js';
import type { Queryable } from './queryable.js';
import type { TransactionCursor } from './staff-cursor.js';
import { toStoredTransaction, type TransactionRow } from './transaction-queries.js';
import { toSafeInteger } from './row-values.js';

export type TransactionSearch = Omit<StaffTransactionsQuery, 'cursor'> & { after?: TransactionCursor | undefined };

export interface TransactionPage {
  items: StoredTransaction[];
  /** Sort key of the last item when more rows follow, else null. */
  next: TransactionCursor | null;
}

interface SearchRow extends TransactionRow {
  created_key: string;
}

/** Only the conditions asked for go into the SQL, so the planner sees a plain query it can index. */
function whereClause(search: TransactionSearch, params: unknown[]): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (search.kioskId !== undefined) conditions.push(`kiosk_id = ${param(search.kioskId)}`);
  if (search.type !== undefined) conditions.push(`type IN (SELECT jsonb_array_elements_text(${param(JSON.stringify(search.type))}::jsonb))`);
  if (search.from !== undefined) conditions.push(`created_at >= ${param(search.from)}::timestamptz`);
  if (search.to !== undefined) conditions.push(`created_at < ${param(search.to)}::timestamptz`);
  if (search.after !== undefined) {
    const { createdAt, kioskId, seq } = search.after;
    conditions.push(`(created_at, kiosk_id, seq) > (${param(createdAt)}::timestamptz, ${param(kioskId)}, ${param(seq)}::bigint)`);
  }
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

export async function searchTransactions(db: Queryable, search: TransactionSearch): Promise<TransactionPage> {
  const params: unknown[] = [];
  const where = whereClause(search, params);
  params.push(search.limit + 1);
  // One row more than asked tells whether another page exists without a count(*).
  const { rows } = await db.query<SearchRow>(
    `SELECT tx_id, kiosk_id, seq, type, schema_version, created_at, received_at, payload,
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
     FROM kiosk_transactions ${where}
     ORDER BY created_at, kiosk_id, seq
     LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, search.limit);
  const last = page[page.length - 1];
  const next = rows.length > search.limit && last ? { createdAt: last.created_key, kioskId: last.kiosk_id, seq: toSafeInteger(last.seq) } : null;
  return { items: page.map(toStoredTransaction), next };
}
