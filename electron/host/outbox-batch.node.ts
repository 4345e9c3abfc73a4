// The next batch for the hub, streamed out of SQLite as the JSON text it is sent as: SQLite
// concatenates each row's item (the stored payload text spliced in) into ONE string, so a
// 500-row batch costs the JavaScript heap one string and 500 short ids, not 500 row objects,
// 500 payload strings and 500 item strings joined into a third copy. Over a 100,000-row drain
// that is most of what the host allocated (see bench/drain-vs-pouchdb.bench.ts).
// Rows with sealed fields need the field cipher, which SQLite does not have: a batch holding
// one goes through `Outbox.pending()` instead, row by row.
import type { OutboxRow } from './outbox-rows.js';
import type { SqliteDb } from './sqlite.node.js';

export interface OutboxBatch {
  /** Row ids in seq order: the hub's per-item answers are matched against them. */
  ids: string[];
  firstSeq: number;
  lastSeq: number;
  /** `[item, …]` as sent, each item `{"id","seq","type","schemaVersion","createdAt","payload"}`. */
  itemsJson: string;
}

/** The items of `rows` as JSON text, payload text spliced in unparsed. */
export function itemsJson(rows: readonly OutboxRow[]): string {
  const items = rows.map((r) => `{"id":${JSON.stringify(r.id)},"seq":${r.seq},"type":${JSON.stringify(r.type)},"schemaVersion":${r.schemaVersion},"createdAt":${JSON.stringify(r.createdAt)},"payload":${r.payloadJson}}`);
  return `[${items.join(',')}]`;
}

export const batchFromRows = (rows: readonly OutboxRow[]): OutboxBatch | null =>
  rows.length === 0 ? null : { ids: rows.map((r) => r.id), firstSeq: rows[0]!.seq, lastSeq: rows.at(-1)!.seq, itemsJson: itemsJson(rows) };

/**
 * The lowest unsettled rows after `afterSeq` (the same rows and order as `Outbox.pending`),
 * or `'sealed'` when one of them holds encrypted fields.
 */
export async function readBatch(db: SqliteDb, limit: number, afterSeq: number): Promise<OutboxBatch | null | 'sealed'> {
  const row = await db.get<{ n: number; first: number | null; last: number | null; ids: string | null; items: string | null; sealed: number | null }>(
    `WITH b AS (
       SELECT * FROM (SELECT seq, id, type, schema_version, created_at, payload FROM outbox WHERE state = 'sending' AND seq > ?2 ORDER BY seq LIMIT ?1)
       UNION ALL SELECT * FROM (SELECT seq, id, type, schema_version, created_at, payload FROM outbox WHERE state = 'pending' AND seq > ?2 ORDER BY seq LIMIT ?1)
       ORDER BY seq LIMIT ?1)
     SELECT COUNT(*) AS n, MIN(seq) AS first, MAX(seq) AS last, MAX(instr(payload, '"$enc"') > 0) AS sealed,
            group_concat(id, ',' ORDER BY seq) AS ids,
            group_concat('{"id":' || json_quote(id) || ',"seq":' || seq || ',"type":' || json_quote(type) || ',"schemaVersion":' || schema_version
                         || ',"createdAt":' || json_quote(created_at) || ',"payload":' || payload || '}', ',' ORDER BY seq) AS items
     FROM b`,
    [limit, afterSeq],
  );
  if (!row || row.n === 0 || row.first === null || row.last === null) return null;
  if (row.sealed) return 'sealed';
  return { ids: (row.ids ?? '').split(','), firstSeq: row.first, lastSeq: row.last, itemsJson: `[${row.items ?? ''}]` };
}
