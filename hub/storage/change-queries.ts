// The hub → kiosk change log (migration 4). Admins publish an item to all kiosks, a branch
// or one kiosk; a kiosk pulls, by cursor, the log entries of its three scopes and gets for
// each touched item its *effective* value: that of the most specific scope holding one. So
// a branch's own catalog survives a fleet-wide update, and deleting it reveals the fleet's.
import type { ChangeItem, ChangeKind, ChangeScope } from '../../protocol/hub-api.js';
import { NONCE_REFUSED, type NonceClaim, type NonceRefused } from './nonce-queries.js';
import { namedStatement, type Database, type Queryable } from './queryable.js';
import { toIsoString, toSafeInteger } from './row-values.js';

export interface PublishedChange {
  /** Per (scope, kind, key), from 1. */
  version: number;
  publishedAt: string;
  /** False when the scope already held this exact value: nothing was appended. */
  created: boolean;
}

export interface ChangePage {
  items: ChangeItem[];
  cursor: string;
  hasMore: boolean;
}

export interface PublishInput {
  scope: ChangeScope;
  kind: ChangeKind;
  key: string;
  /** null deletes the item from the scope. */
  value: unknown;
}

// Arbitrary; distinct from the migration lock. Every hub instance must use the same key.
export const CHANGE_PUBLISH_LOCK_KEY = 0x4b1b_c4a9;

// The cursor is the seq of the last log entry the kiosk has been answered for. Kiosks treat
// it as opaque, so it can change shape later without a kiosk release.
const CURSOR_PATTERN = /^(0|[1-9][0-9]{0,14})$/;

export function encodeChangeCursor(seq: number): string {
  return String(seq);
}

/** Null for anything this hub does not hand out. */
export function decodeChangeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return 0;
  return CURSOR_PATTERN.test(cursor) ? Number(cursor) : null;
}

function scopeColumns(scope: ChangeScope): [kind: string, id: string] {
  if (scope.kind === 'branch') return ['branch', scope.branchId];
  if (scope.kind === 'kiosk') return ['kiosk', scope.kioskId];
  return ['all', ''];
}

/** jsonb parameter; SQL NULL (not JSON null) for a delete. */
const jsonParam = (value: unknown) => (value === null ? null : JSON.stringify(value));

export async function publishChange(db: Database, change: PublishInput): Promise<PublishedChange> {
  const [scopeKind, scopeId] = scopeColumns(change.scope);
  const item = [scopeKind, scopeId, change.kind, change.key];
  return db.transaction(async (tx) => {
    // Held to commit: the next publisher draws its seq only after this entry is visible,
    // which is what lets a kiosk's cursor move past everything it has read.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_PUBLISH_LOCK_KEY]);
    const { rows: latest } = await tx.query<{ version: number; published_at: unknown; same: boolean }>(
      `SELECT version, published_at, value IS NOT DISTINCT FROM $5::jsonb AS same FROM kiosk_changes
       WHERE scope_kind = $1 AND scope_id = $2 AND item_kind = $3 AND item_key = $4
       ORDER BY version DESC LIMIT 1`,
      [...item, jsonParam(change.value)],
    );
    const current = latest[0];
    // A repeated PUT (an admin tool retrying) must not wake every kiosk for nothing.
    if (current?.same) return { version: current.version, publishedAt: toIsoString(current.published_at), created: false };
    const { rows } = await tx.query<{ version: number; published_at: unknown }>(
      `INSERT INTO kiosk_changes (scope_kind, scope_id, item_kind, item_key, version, value)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING version, published_at`,
      [...item, (current?.version ?? 0) + 1, jsonParam(change.value)],
    );
    const inserted = rows[0];
    if (!inserted) throw new Error('change insert returned no row');
    return { version: inserted.version, publishedAt: toIsoString(inserted.published_at), created: true };
  });
}

// The entries a kiosk receives: for all kiosks, its branch ($1) and itself ($2).
const KIOSK_SCOPES = `((scope_kind = 'all' AND scope_id = '') OR (scope_kind = 'branch' AND scope_id = $1) OR (scope_kind = 'kiosk' AND scope_id = $2))`;

interface Touched {
  kind: ChangeKind;
  key: string;
  /** The newest seq touching the item in this page: the item's version on the wire. */
  seq: number;
}

/** For each item, the value of the most specific of the kiosk's scopes that holds one. */
async function effectiveValues(tx: Queryable, branchId: string, kioskId: string, touched: Touched[]): Promise<Map<string, unknown>> {
  const { rows } = await tx.query<{ item_kind: string; item_key: string; value: unknown }>(
    `WITH wanted AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS w(kind text, key text)),
     latest AS (
       SELECT DISTINCT ON (c.scope_kind, c.item_kind, c.item_key) c.scope_kind, c.item_kind, c.item_key, c.value
       FROM kiosk_changes c JOIN wanted w ON c.item_kind = w.kind AND c.item_key = w.key
       WHERE ${KIOSK_SCOPES}
       ORDER BY c.scope_kind, c.item_kind, c.item_key, c.version DESC
     )
     SELECT DISTINCT ON (item_kind, item_key) item_kind, item_key, value FROM latest
     WHERE value IS NOT NULL
     ORDER BY item_kind, item_key, CASE scope_kind WHEN 'kiosk' THEN 0 WHEN 'branch' THEN 1 ELSE 2 END`,
    [branchId, kioskId, JSON.stringify(touched.map(({ kind, key }) => ({ kind, key })))],
  );
  return new Map(rows.map((row) => [itemId(row.item_kind, row.item_key), row.value]));
}

const itemId = (kind: string, key: string) => `${kind}\u0000${key}`;

// One statement for what a pull needs in the common case (nothing new): the kiosk marked as
// seen (and its branch), the newest seq and the page. A pull every 5 s from every kiosk of a
// bank is the hub's busiest request: as a transaction of three statements it cost five round
// trips (BEGIN … COMMIT), each a share of the hub's one core (issue 15, hub capacity). One
// statement also reads `newest` and the page from one snapshot, so every entry up to `newest`
// is visible to the page (publishers draw seqs under a lock held to commit, publishChange).
// Prepared once per connection (queryable.ts): planning this statement cost more server CPU
// than running it.
const TOP_AND_PAGE = `
  top AS (SELECT COALESCE(max(seq), 0) AS newest FROM kiosk_changes),
  page AS (
    SELECT c.seq, c.item_kind, c.item_key FROM kiosk_changes c, k, top
    WHERE c.seq > CASE WHEN $2::bigint > top.newest THEN 0 ELSE $2::bigint END
      AND ((c.scope_kind = 'all' AND c.scope_id = '') OR (c.scope_kind = 'branch' AND c.scope_id = k.branch_id) OR (c.scope_kind = 'kiosk' AND c.scope_id = $1))
    ORDER BY c.seq LIMIT $3::int
  )`;
const PULL = namedStatement(
  'hub_kiosk_pull',
  `
  WITH k AS (UPDATE kiosks SET last_seen_at = now() WHERE kiosk_id = $1 RETURNING branch_id),${TOP_AND_PAGE}
  SELECT 1 AS claimed, k.branch_id, top.newest, page.seq, page.item_kind, page.item_key
  FROM k CROSS JOIN top LEFT JOIN page ON true
  ORDER BY page.seq`,
);
// The same pull with the request's nonce claimed in it (kiosk-guard.node.ts, deferred claim):
// one round trip per pull instead of two. Nothing else happens unless the claim does: a replay,
// or a key that no longer stands, neither marks the kiosk seen nor reads a page.
const PULL_CLAIMING = namedStatement(
  'hub_kiosk_pull_claiming',
  `
  WITH n AS (
    INSERT INTO kiosk_request_nonces (kiosk_id, nonce, expires_at)
    SELECT $1, $4, $5 FROM kiosk_keys WHERE kiosk_id = $1 AND public_key = $6
    ON CONFLICT DO NOTHING RETURNING 1
  ),
  k AS (UPDATE kiosks SET last_seen_at = now() WHERE kiosk_id = $1 AND EXISTS (SELECT 1 FROM n) RETURNING branch_id),${TOP_AND_PAGE}
  SELECT (SELECT count(*) FROM n) AS claimed, k.branch_id, top.newest, page.seq, page.item_kind, page.item_key
  FROM top LEFT JOIN k ON true LEFT JOIN page ON true
  ORDER BY page.seq`,
);

interface PullRow {
  claimed: unknown;
  branch_id: string | null;
  newest: unknown;
  seq: unknown;
  item_kind: ChangeKind | null;
  item_key: string | null;
}

/**
 * The page after `after`, or null when the kiosk is not registered. Marks the kiosk as seen:
 * a presence hint, written through `db.relaxed` when the engine has it (a database crash may
 * lose the last few hundred milliseconds of it, and a pull need not wait for a WAL flush).
 */
export async function kioskChanges(db: Database, kioskId: string, after: number, limit: number): Promise<ChangePage | null> {
  const { rows } = await (db.relaxed ?? db).query<PullRow>(PULL, [kioskId, after, limit + 1]);
  return pageOf(db, kioskId, after, limit, rows);
}

/**
 * kioskChanges with the request's nonce claimed in the same statement, on the same relaxed
 * connections nonces are always claimed on (nonce-queries.ts); NONCE_REFUSED when it could not
 * be claimed, and then nothing was done.
 */
export async function kioskChangesClaiming(db: Database, kioskId: string, after: number, limit: number, claim: NonceClaim): Promise<ChangePage | null | NonceRefused> {
  const params = [kioskId, after, limit + 1, claim.nonce, claim.expiresAt.toISOString(), claim.publicKey];
  const { rows } = await (db.relaxed ?? db).query<PullRow>(PULL_CLAIMING, params);
  if (Number(rows[0]?.claimed ?? 0) !== 1) return NONCE_REFUSED;
  return pageOf(db, kioskId, after, limit, rows);
}

async function pageOf(db: Database, kioskId: string, after: number, limit: number, rows: PullRow[]): Promise<ChangePage | null> {
  const first = rows[0];
  if (first === undefined || first.branch_id === null) return null;
  const branchId = first.branch_id;
  const newest = toSafeInteger(first.newest ?? 0);
  // A cursor past the end came from another database (the hub's was replaced): start over.
  const from = after > newest ? 0 : after;
  const entries = rows.filter((row) => row.seq !== null && row.item_kind !== null && row.item_key !== null);
  const hasMore = entries.length > limit;
  const page = entries.slice(0, limit).map((row) => ({ kind: row.item_kind as ChangeKind, key: row.item_key as string, seq: toSafeInteger(row.seq) }));
  const touched = new Map<string, Touched>();
  for (const entry of page) touched.set(itemId(entry.kind, entry.key), entry);
  const values = touched.size > 0 ? await effectiveValues(db, branchId, kioskId, [...touched.values()]) : new Map<string, unknown>();
  const items = [...touched.entries()]
    .sort(([, a], [, b]) => a.seq - b.seq)
    .map(([id, entry]) => ({ kind: entry.kind, key: entry.key, version: entry.seq, value: values.get(id) ?? null }));
  // With nothing more for this kiosk, skip ahead over other kiosks' entries up to `newest`.
  const last = page.at(-1)?.seq ?? from;
  return { items, cursor: encodeChangeCursor(hasMore ? last : Math.max(last, newest)), hasMore };
}
