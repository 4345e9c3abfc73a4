// A year of a large bank for the analytics benchmark: tickets, kiosk transactions, video calls,
// SLA breaches, feedback and follow-up cases for N branches over D days, written into a schema
// of its own by generate_series inside PostgreSQL (the data never crosses the wire). Volumes
// per branch and day (at --scale 1): ~150 tickets, ~100 transactions, ~10 calls, ~22 answers;
// weekdays busier than weekends, a midday peak, waits longer at the peak and shorter for VIPs,
// some no-shows and abandoned calls. 500 branches × 365 days ≈ 50 million rows.
// The big tables are UNLOGGED, their indexes dropped and their triggers off while loading;
// then the indexes are built by sort and the rollups a week at a time (rebuildAnalytics). The
// data stays UNLOGGED: a crash empties it and the next run regenerates it. A rerun with the
// same generator version and size finds the stamp and does nothing.
import pg from 'pg';
import { openPostgres } from '../storage/postgres.node.js';
import { migrate } from '../storage/migrations.js';
import { rebuildAnalytics } from './rollup-rebuild.js';

export const GENERATOR_VERSION = 3;

export interface GenerateOptions {
  connectionString: string;
  schema: string;
  branches: number;
  days: number;
  /** Multiplies the per-branch daily volumes. */
  scale?: number;
  /** Last generated day (UTC, inclusive); default: yesterday. */
  endDay?: string;
  log?: (line: string) => void;
}

export interface GenerateResult {
  generated: boolean;
  rows: Record<string, number>;
  totalRows: number;
  seconds: number;
  endDay: string;
  branches: number;
  days: number;
}

export const SERVICES = ['cash', 'transfer', 'account', 'card', 'loan', 'wealth', 'foreign-exchange', 'enquiry'] as const;
export const JOURNEYS = ['bill.payment', 'statement.print', 'card.replace', 'account.open', 'assist.callback.requested'] as const;
export const KIOSKS_PER_BRANCH = 3;
export const COUNTERS_PER_BRANCH = 5;
const BIG_TABLES = ['branch_tickets', 'kiosk_transactions', 'customer_feedback'] as const;

export const branchIdOf = (b: number) => `BR${String(b).padStart(4, '0')}`;
export const kioskIdOf = (b: number, k: number) => `K${String(b).padStart(4, '0')}-${k}`;

const schemaNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

const sqlArray = (items: readonly string[]) => `ARRAY[${items.map((s) => `'${s}'`).join(', ')}]`;

/** Branch b's counter c, the same uuid on every run. */
const counterUuid = (b: string, c: string) => `md5('counter-' || ${b} || '-' || ${c})::uuid`;
/** Day-ordered uuids so the primary keys grow at one end (like the UUIDv7s kiosks use). */
const timeUuid = (ms: string) => `(lpad(to_hex(${ms}), 12, '0') || substr(md5(random()::text), 1, 20))::uuid`;

// Busy weekdays, a quieter Saturday and a quiet Sunday; branches from half to one and a half the mean.
const weekday = (d: string) => `(CASE extract(isodow FROM ${d}) WHEN 6 THEN 0.8 WHEN 7 THEN 0.45 ELSE 1.1 END)`;
const branchSize = (b: string) => `(0.5 + (${b} % 11) / 10.0)`;
// Opening hours 09:00–17:00 with a bell around 13:00 (mean of three uniforms).
const dayTime = `(interval '9 hours' + interval '8 hours' * ((random() + random() + random()) / 3))`;
// 1 at 13:00, falling to 0 at the opening and closing hours.
const peakOf = (ts: string) => `greatest(0, 1 - abs(extract(epoch FROM ${ts}::time) / 3600 - 13) / 4)`;

function ticketsSql(from: number, to: number, branches: number, scale: number): string {
  return `
    INSERT INTO branch_tickets (ticket_id, kiosk_ticket_id, kiosk_id, branch_id, service_id, number, service_class, issued_at_ms, rank_ms, state,
                                counter_id, teller_id, called_at_ms, recalls, serving_at_ms, finished_at_ms, entered_at_ms)
    SELECT ${timeUuid('issued')}, ${timeUuid('issued')}, kiosk, branch, service, 'A' || lpad(g::text, 4, '0'), class, issued, issued, state,
           ${counterUuid('b::text', '((svc + (random() < 0.3)::int) % ' + COUNTERS_PER_BRANCH + ')::text')}, 'teller', issued + wait, 0,
           CASE WHEN state = 'done' THEN issued + wait + 20000 + (random() * 60000)::bigint END,
           CASE WHEN state = 'done' THEN issued + wait + 80000 + (exp(ln(240000) + 0.5 * (random() + random() + random() - 1.5) * 2))::bigint END,
           issued
    FROM (
      SELECT b, g, 'BR' || lpad(b::text, 4, '0') AS branch,
             'K' || lpad(b::text, 4, '0') || '-' || (1 + floor(random() * ${KIOSKS_PER_BRANCH}))::int AS kiosk,
             svc, (${sqlArray(SERVICES)})[svc + 1] AS service,
             CASE WHEN r < 0.08 THEN 'vip' WHEN r < 0.11 THEN 'priority-assist' ELSE 'regular' END AS class,
             CASE WHEN random() < 0.06 THEN 'no-show' ELSE 'done' END AS state,
             issued,
             (-ln(1 - random()) * (180000 + 720000 * peak) * CASE WHEN r < 0.11 THEN 0.4 ELSE 1 END)::bigint AS wait
      FROM (
        SELECT b, g, floor(power(random(), 1.6) * ${SERVICES.length})::int AS svc, random() AS r,
               (extract(epoch FROM at) * 1000)::bigint AS issued, ${peakOf('at')} AS peak
        FROM (
          SELECT b, g, d + ${dayTime} AS at
          FROM generate_series(${from}, ${to}) AS day_index
          CROSS JOIN LATERAL (SELECT ('epoch'::date + day_index) AS d) dd
          CROSS JOIN generate_series(1, ${branches}) AS b
          CROSS JOIN LATERAL generate_series(1, round(150 * ${scale} * ${weekday('d')} * ${branchSize('b')})::int) AS g
        ) s1
      ) s2
    ) s3`;
}

function transactionsSql(from: number, to: number, branches: number, scale: number): string {
  const perKioskDay = (100 * scale) / KIOSKS_PER_BRANCH;
  return `
    INSERT INTO kiosk_transactions (kiosk_id, tx_id, seq, type, schema_version, created_at, received_at, payload)
    SELECT 'K' || lpad(b::text, 4, '0') || '-' || k, ${timeUuid('(extract(epoch FROM at) * 1000)::bigint')}, day_index::bigint * 10000 + g,
           (${sqlArray(JOURNEYS)})[CASE WHEN r < 0.38 THEN 1 WHEN r < 0.7 THEN 2 WHEN r < 0.86 THEN 3 WHEN r < 0.97 THEN 4 ELSE 5 END],
           1, at, at + interval '2 seconds', '{"generated":true}'::jsonb
    FROM (
      SELECT b, k, g, day_index, d + ${dayTime} AS at, random() AS r
      FROM generate_series(${from}, ${to}) AS day_index
      CROSS JOIN LATERAL (SELECT ('epoch'::date + day_index) AS d) dd
      CROSS JOIN generate_series(1, ${branches}) AS b
      CROSS JOIN generate_series(1, ${KIOSKS_PER_BRANCH}) AS k
      CROSS JOIN LATERAL generate_series(1, round(${perKioskDay} * ${weekday('d')} * ${branchSize('b')})::int) AS g
    ) s`;
}

function callsSql(from: number, to: number, branches: number, scale: number): string {
  return `
    INSERT INTO assist_requests (request_id, kiosk_id, language, topic, priority_class, flags, journey_step, status, requested_at,
                                 answered_at, closed_at, wait_ms, outcome)
    SELECT ${timeUuid('(extract(epoch FROM at) * 1000)::bigint')}, kiosk, CASE WHEN random() < 0.85 THEN 'zh-CN' ELSE 'en' END,
           (ARRAY['accounts', 'cards', 'loans', 'payments', 'other'])[1 + floor(power(random(), 1.3) * 5)::int], 'standard', '[]'::jsonb, 'home', 'closed', at,
           CASE WHEN answered THEN at + wait * interval '1 millisecond' END,
           at + wait * interval '1 millisecond' + CASE WHEN answered THEN interval '4 minutes' ELSE interval '0' END,
           wait,
           CASE WHEN answered THEN CASE WHEN random() < 0.93 THEN 'served' ELSE 'dropped' END WHEN random() < 0.7 THEN 'abandoned' ELSE 'cancelled' END
    FROM (
      SELECT kiosk, at, wait, random() >= 0.04 + 0.12 * peak AS answered
      FROM (
        SELECT 'K' || lpad(b::text, 4, '0') || '-' || (1 + floor(random() * ${KIOSKS_PER_BRANCH}))::int AS kiosk, at, ${peakOf('at')} AS peak,
               (-ln(1 - random()) * (20000 + 80000 * ${peakOf('at')}))::bigint AS wait
        FROM (
          SELECT b, d + ${dayTime} AS at
          FROM generate_series(${from}, ${to}) AS day_index
          CROSS JOIN LATERAL (SELECT ('epoch'::date + day_index) AS d) dd
          CROSS JOIN generate_series(1, ${branches}) AS b
          CROSS JOIN LATERAL generate_series(1, round(10 * ${scale} * ${weekday('d')} * ${branchSize('b')})::int) AS g
        ) s1
      ) s2
    ) s3`;
}

function breachesSql(fromMs: number, toMs: number): string {
  return `
    INSERT INTO assist_sla_breaches (request_id, rule_id, kind, due_at, breached_at)
    SELECT request_id, 'answer-2m', 'answer', requested_at + interval '2 minutes', requested_at + interval '2 minutes'
    FROM assist_requests
    WHERE requested_at >= to_timestamp(${fromMs / 1000}) AND requested_at < to_timestamp(${toMs / 1000}) AND wait_ms > 120000`;
}

function feedbackSql(from: number, to: number, branches: number, scale: number): string {
  return `
    INSERT INTO customer_feedback (kiosk_id, tx_id, feedback_id, branch_id, journey, service, score, reason, locale, given_at, received_at)
    SELECT kiosk, ${timeUuid('(extract(epoch FROM at) * 1000)::bigint')}, gen_random_uuid(), branch, journey,
           CASE journey WHEN 'queue-ticket' THEN (${sqlArray(SERVICES)})[1 + floor(power(random(), 1.6) * ${SERVICES.length})::int] ELSE journey END,
           score, CASE WHEN score <= 6 THEN (ARRAY['waiting-time', 'staff', 'ease-of-use', 'device-problem', 'fees', 'other'])[1 + floor(random() * 6)::int] END,
           CASE WHEN random() < 0.85 THEN 'zh-CN' ELSE 'en' END, at, at
    FROM (
      SELECT 'K' || lpad(b::text, 4, '0') || '-' || (1 + floor(random() * ${KIOSKS_PER_BRANCH}))::int AS kiosk, 'BR' || lpad(b::text, 4, '0') AS branch, at,
             (ARRAY['queue-ticket', 'video-call', 'bill-payment', 'account-services'])[CASE WHEN rj < 0.5 THEN 1 WHEN rj < 0.65 THEN 2 WHEN rj < 0.9 THEN 3 ELSE 4 END] AS journey,
             -- a little worse at the peak, when waits are long
             CASE WHEN rs < 0.16 + 0.1 * ${peakOf('at')} THEN floor(random() * 7)::int WHEN rs < 0.45 THEN 7 + floor(random() * 2)::int ELSE 9 + floor(random() * 2)::int END AS score
      FROM (
        SELECT b, d + ${dayTime} AS at, random() AS rj, random() AS rs
        FROM generate_series(${from}, ${to}) AS day_index
        CROSS JOIN LATERAL (SELECT ('epoch'::date + day_index) AS d) dd
        CROSS JOIN generate_series(1, ${branches}) AS b
        CROSS JOIN LATERAL generate_series(1, round(22 * ${scale} * ${weekday('d')} * ${branchSize('b')})::int) AS g
      ) s1
    ) s2`;
}

function followUpsSql(fromMs: number, toMs: number, endMs: number): string {
  return `
    INSERT INTO follow_up_cases (case_id, kind, kiosk_id, tx_id, branch_id, opened_at, due_at, status, score, reason, journey, service, contacted_at, closed_at, resolution)
    SELECT gen_random_uuid(), 'detractor', kiosk_id, tx_id, branch_id, given_at + interval '1 minute', given_at + interval '1 day 1 minute', status,
           score, reason, journey, service,
           CASE WHEN status <> 'open' THEN given_at + interval '6 hours' END,
           CASE WHEN status = 'closed' THEN given_at + interval '2 days' END,
           CASE WHEN status = 'closed' THEN 'resolved' END
    FROM (
      SELECT *, CASE WHEN r < 0.03 + 0.6 * greatest(0, 1 - extract(epoch FROM to_timestamp(${endMs / 1000}) - given_at) / (14 * 86400)) THEN 'open'
                     WHEN r < 0.08 + 0.7 * greatest(0, 1 - extract(epoch FROM to_timestamp(${endMs / 1000}) - given_at) / (14 * 86400)) THEN 'contacted'
                     ELSE 'closed' END AS status
      FROM (SELECT *, random() AS r FROM customer_feedback
            WHERE given_at >= to_timestamp(${fromMs / 1000}) AND given_at < to_timestamp(${toMs / 1000}) AND score <= 6) f
    ) s`;
}

interface DroppedIndex {
  table: string;
  name: string;
  /** Re-creates it: ALTER TABLE … ADD CONSTRAINT or CREATE INDEX. */
  create: string;
  drop: string;
}

async function dropIndexes(client: pg.Client, schema: string, tables: readonly string[]): Promise<DroppedIndex[]> {
  const { rows } = await client.query<{ table: string; name: string; def: string; constraint_def: string | null }>(
    `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS def,
            (SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conindid = i.oid AND c.conrelid = t.oid) AS constraint_def
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND t.relname = ANY($2)`,
    [schema, tables],
  );
  const dropped = rows.map((row) => ({
    table: row.table,
    name: row.name,
    create: row.constraint_def ? `ALTER TABLE ${row.table} ADD CONSTRAINT ${row.name} ${row.constraint_def}` : row.def,
    drop: row.constraint_def ? `ALTER TABLE ${row.table} DROP CONSTRAINT ${row.name}` : `DROP INDEX ${row.name}`,
  }));
  for (const index of dropped) await client.query(index.drop);
  return dropped;
}

const DAY_MS = 86_400_000;

function yesterday(): string {
  return new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10);
}

async function stampOf(client: pg.Client): Promise<{ version: number; branches: number; days: number; scale: number; end_day: string; rows: Record<string, number>; seconds: number } | null> {
  const exists = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'analytics_generator_stamp'`);
  if (exists.rows.length === 0) return null;
  const { rows } = await client.query('SELECT version, branches, days, scale, end_day, rows, seconds FROM analytics_generator_stamp');
  return (rows[0] as never) ?? null;
}

export async function generateAnalyticsData(options: GenerateOptions): Promise<GenerateResult> {
  const { connectionString, schema, branches, days } = options;
  const scale = options.scale ?? 1;
  const log = options.log ?? (() => undefined);
  if (!schemaNamePattern.test(schema)) throw new Error(`schema must match ${schemaNamePattern}`);
  if (!Number.isInteger(branches) || branches < 1 || branches > 9999) throw new Error('branches: 1…9999');
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new Error('days: 1…3660');
  if (!(scale > 0 && scale <= 10)) throw new Error('scale: above 0, at most 10');
  const endDay = options.endDay ?? yesterday();
  const started = Date.now();
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    const stamp = await stampOf(client);
    if (stamp && stamp.version === GENERATOR_VERSION && stamp.branches === branches && stamp.days === days && Number(stamp.scale) === scale) {
      const rows = stamp.rows;
      log(`analytics data in schema ${schema} is already there (generator v${GENERATOR_VERSION}, ${branches} branches × ${days} days): nothing to do`);
      return { generated: false, rows, totalRows: Object.values(rows).reduce((a, b) => a + b, 0), seconds: Number(stamp.seconds), endDay: stamp.end_day, branches, days };
    }
    log(`generating ${branches} branches × ${days} days (scale ${scale}) into schema ${schema}…`);
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
    const db = await openPostgres({ connectionString, searchPath: schema, maxConnections: 1 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    await client.query(`SET search_path TO ${schema}`);
    await client.query(`SET TIME ZONE 'UTC'`);
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`SET work_mem = '64MB'`);
    for (const table of BIG_TABLES) await client.query(`ALTER TABLE ${table} SET UNLOGGED`);
    for (const table of [...BIG_TABLES, 'assist_requests', 'assist_sla_breaches', 'follow_up_cases']) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    const dropped = await dropIndexes(client, schema, BIG_TABLES);

    await client.query(
      `INSERT INTO kiosks (kiosk_id, branch_id, name, version)
       SELECT 'K' || lpad(b::text, 4, '0') || '-' || k, 'BR' || lpad(b::text, 4, '0'), 'Kiosk ' || k, '1.0.0'
       FROM generate_series(1, $1::int) b CROSS JOIN generate_series(1, $2::int) k`,
      [branches, KIOSKS_PER_BRANCH],
    );
    await client.query(
      `INSERT INTO branch_counters (counter_id, branch_id, name, services, updated_at_ms)
       SELECT ${counterUuid('b::text', 'c::text')}, 'BR' || lpad(b::text, 4, '0'), 'Counter ' || (c + 1), to_jsonb(${sqlArray(SERVICES)}), 0
       FROM generate_series(1, $1::int) b CROSS JOIN generate_series(0, $2::int - 1) c`,
      [branches, COUNTERS_PER_BRANCH],
    );

    const endIndex = Math.round(Date.parse(`${endDay}T00:00:00Z`) / DAY_MS);
    const firstIndex = endIndex - days + 1;
    const CHUNK_DAYS = 30;
    for (let from = firstIndex; from <= endIndex; from += CHUNK_DAYS) {
      const to = Math.min(endIndex, from + CHUNK_DAYS - 1);
      const fromMs = from * DAY_MS;
      const toMs = (to + 1) * DAY_MS;
      await client.query(ticketsSql(from, to, branches, scale));
      await client.query(transactionsSql(from, to, branches, scale));
      await client.query(callsSql(from, to, branches, scale));
      await client.query(breachesSql(fromMs, toMs));
      await client.query(feedbackSql(from, to, branches, scale));
      await client.query(followUpsSql(fromMs, toMs, (endIndex + 1) * DAY_MS));
      log(`  days ${new Date(fromMs).toISOString().slice(0, 10)}…${new Date(toMs - DAY_MS).toISOString().slice(0, 10)} written (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    log(`  building ${dropped.length} indexes…`);
    for (const index of dropped) await client.query(index.create);
    for (const table of [...BIG_TABLES, 'assist_requests', 'assist_sla_breaches', 'follow_up_cases']) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    log(`  building the rollups (${Math.round((Date.now() - started) / 1000)} s)…`);
    await client.query(`SET work_mem = '256MB'`);
    await client.query('BEGIN');
    await rebuildAnalytics(
      {
        query: async <T>(sql: string, params: readonly unknown[] = []) => ({ rows: (await client.query(sql, [...params])).rows as T[] }),
        exec: async (sql: string) => {
          await client.query(sql);
        },
      },
      { windowDays: 7 },
    );
    await client.query('COMMIT');
    const rows: Record<string, number> = {};
    for (const table of [...BIG_TABLES, 'assist_requests', 'assist_sla_breaches', 'follow_up_cases', 'kiosks', 'branch_counters']) {
      const { rows: counted } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      rows[table] = Number(counted[0]?.n ?? 0);
    }
    // This schema's tables only: a bare ANALYZE would wait on, and read, every other schema's.
    const { rows: tables } = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
    for (const { tablename } of tables) await client.query(`ANALYZE ${schema}."${tablename}"`);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    await client.query(`CREATE TABLE analytics_generator_stamp (version integer, branches integer, days integer, scale double precision, end_day text, rows jsonb, seconds double precision)`);
    await client.query('INSERT INTO analytics_generator_stamp VALUES ($1, $2, $3, $4, $5, $6, $7)', [GENERATOR_VERSION, branches, days, scale, endDay, JSON.stringify(rows), seconds]);
    const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
    log(`generated ${totalRows.toLocaleString('en')} rows in ${seconds} s: ${JSON.stringify(rows)}`);
    return { generated: true, rows, totalRows, seconds, endDay, branches, days };
  } finally {
    await client.end();
  }
}
