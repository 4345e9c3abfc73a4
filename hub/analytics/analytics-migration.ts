// The schema behind service analytics (migration "service analytics"): daily rollups kept up
// to date by triggers on the raw tables, in the same transaction as the write they count, so a
// row is counted exactly once (no watermark to lose or replay) and a dashboard reads rollups,
// never raw rows. Each rollup row is (branch or '*', kiosk or '*', counter or '*', day, key):
// '*' rows are totals, so a branch reads one row per day and key, and "all branches" reads the
// bank's totals ('*', '*', '*'), never 500 branches' rows. Days are calendar days in analytics_settings.time_zone (UTC unless the
// bank sets it; change it only together with analytics_rebuild_sql()).
// This text is applied as a released migration: change the schema with a new migration.
import { HISTOGRAM_BUCKETS } from './histogram.js';

/** `ARRAY[count(*) FILTER (WHERE col = 1), …]`: a histogram of bucket numbers, for bulk rebuilds. */
export function histogramOf(bucketColumn: string): string {
  const cells = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `count(*) FILTER (WHERE ${bucketColumn} = ${i + 1})::integer`);
  return `ARRAY[${cells.join(', ')}]`;
}

const dayOfMs = (column: string) => `analytics_day(to_timestamp(${column} / 1000.0))`;

/** Days (inclusive, in the analytics time zone) a rebuild step covers. */
export interface RollupDays {
  from: string;
  to: string;
}

const ROLLUP_TABLES = ['analytics_ticket_days', 'analytics_journey_days', 'analytics_call_days', 'analytics_feedback_days', 'analytics_follow_up_days'] as const;
const LOCK_RAW = 'LOCK TABLE branch_tickets, kiosk_transactions, assist_requests, assist_sla_breaches, customer_feedback, follow_up_cases IN SHARE MODE;';

/** `column` within the days, as a range on the column itself so its index is used. */
function within(column: string, days: RollupDays | undefined, epochMs = false): string {
  if (!days) return 'true';
  for (const day of [days.from, days.to]) if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day: ${day}`);
  // Midnight starting a day (a SQL date expression) in the analytics time zone.
  const midnight = (date: string) => {
    const at = `(${date}::timestamp AT TIME ZONE (SELECT time_zone FROM analytics_settings))`;
    return epochMs ? `(extract(epoch FROM ${at}) * 1000)::bigint` : at;
  };
  return `${column} >= ${midnight(`'${days.from}'::date`)} AND ${column} < ${midnight(`('${days.to}'::date + 1)`)}`;
}

/** Deletes the rollups of the days (all when none are given). */
export function rollupDeleteSql(days?: RollupDays): string {
  return ROLLUP_TABLES.map((table) => `DELETE FROM ${table}${days ? ` WHERE day BETWEEN '${days.from}' AND '${days.to}'` : ''};`).join('\n');
}

/**
 * Recomputes every rollup from the raw tables (the backfill of the migration; after a bulk load
 * with triggers off, or a new time zone: see rebuildAnalytics). Writers are held off meanwhile
 * so no row is counted twice or missed.
 */
export function analyticsRebuildSql(): string {
  return `${LOCK_RAW}\n${rollupDeleteSql()}\n${rollupInsertSql()}`;
}

/** Counts the raw rows of the days (all when none are given) into the (emptied) rollups. */
export function rollupInsertSql(days?: RollupDays): string {
  return `
    INSERT INTO analytics_ticket_days (day, branch_id, kiosk_id, counter_id, service_id, issued, vip, served, no_show, waited, wait_ms_sum, wait_hist, service_ms_sum, service_hist)
    SELECT day, CASE WHEN GROUPING(branch_id) = 0 THEN branch_id ELSE '*' END,
           CASE WHEN GROUPING(kiosk_id) = 0 THEN kiosk_id ELSE '*' END,
           CASE WHEN GROUPING(counter_id) = 0 THEN counter_id ELSE '*' END,
           service_id,
           -- a counter serves tickets, it does not issue them
           CASE WHEN GROUPING(counter_id) = 0 THEN 0 ELSE count(*) END::integer,
           CASE WHEN GROUPING(counter_id) = 0 THEN 0 ELSE count(*) FILTER (WHERE vip) END::integer,
           count(*) FILTER (WHERE state = 'done')::integer,
           count(*) FILTER (WHERE state = 'no-show')::integer,
           count(wait_ms)::integer, COALESCE(sum(wait_ms), 0)::bigint, ${histogramOf('wait_bucket')},
           COALESCE(sum(service_ms), 0)::bigint, ${histogramOf('service_bucket')}
    FROM (
      SELECT ${dayOfMs('issued_at_ms')} AS day, branch_id, kiosk_id, service_id, state, service_class = 'vip' AS vip,
             CASE WHEN state IN ('done', 'no-show') THEN counter_id::text END AS counter_id,
             wait_ms, analytics_bucket(wait_ms) AS wait_bucket, service_ms, analytics_bucket(service_ms) AS service_bucket
      FROM (
        SELECT *, CASE WHEN state IN ('done', 'no-show') AND called_at_ms IS NOT NULL THEN greatest(0, called_at_ms - issued_at_ms) END AS wait_ms,
                  CASE WHEN state = 'done' AND serving_at_ms IS NOT NULL AND finished_at_ms IS NOT NULL THEN greatest(0, finished_at_ms - serving_at_ms) END AS service_ms
        FROM branch_tickets WHERE ${within('issued_at_ms', days, true)}
      ) raw
    ) t
    GROUP BY GROUPING SETS ((day, service_id), (day, branch_id, service_id), (day, branch_id, kiosk_id, service_id), (day, branch_id, counter_id, service_id))
    HAVING (GROUPING(kiosk_id) = 1 OR kiosk_id IS NOT NULL) AND (GROUPING(counter_id) = 1 OR counter_id IS NOT NULL);

    INSERT INTO analytics_journey_days (day, branch_id, kiosk_id, journey, count)
    SELECT day, CASE WHEN GROUPING(branch_id) = 0 THEN branch_id ELSE '*' END, CASE WHEN GROUPING(kiosk_id) = 0 THEN kiosk_id ELSE '*' END, journey, count(*)::integer
    FROM (
      SELECT analytics_day(t.created_at) AS day, COALESCE(k.branch_id, 'unknown') AS branch_id, t.kiosk_id, t.type AS journey
      FROM kiosk_transactions t LEFT JOIN kiosks k ON k.kiosk_id = t.kiosk_id WHERE ${within('t.created_at', days)}
    ) j
    GROUP BY GROUPING SETS ((day, journey), (day, branch_id, journey), (day, branch_id, kiosk_id, journey));

    INSERT INTO analytics_call_days (day, branch_id, kiosk_id, topic, requests, answered, abandoned, first_contact, breaches, answer_ms_sum, answer_hist)
    SELECT day, CASE WHEN GROUPING(branch_id) = 0 THEN branch_id ELSE '*' END, CASE WHEN GROUPING(kiosk_id) = 0 THEN kiosk_id ELSE '*' END, topic,
           count(*) FILTER (WHERE closed)::integer, count(answer_ms) FILTER (WHERE closed)::integer,
           count(*) FILTER (WHERE closed AND abandoned)::integer, count(*) FILTER (WHERE closed AND first_contact)::integer,
           COALESCE(sum(breaches), 0)::integer, COALESCE(sum(answer_ms) FILTER (WHERE closed), 0)::bigint,
           ${histogramOf('answer_bucket')}
    FROM (
      SELECT analytics_day(r.requested_at) AS day, COALESCE(k.branch_id, 'unknown') AS branch_id, r.kiosk_id, r.topic,
             r.status = 'closed' AS closed, r.answer_ms, CASE WHEN r.status = 'closed' THEN analytics_bucket(r.answer_ms) END AS answer_bucket,
             r.answered_at IS NULL AND r.outcome IN ('abandoned', 'cancelled') AS abandoned,
             r.outcome = 'served' AND NOT EXISTS (SELECT 1 FROM assist_transfers x WHERE x.request_id = r.request_id) AS first_contact,
             (SELECT count(*) FROM assist_sla_breaches b WHERE b.request_id = r.request_id) AS breaches
      FROM (SELECT *, CASE WHEN answered_at IS NOT NULL THEN greatest(0, COALESCE(wait_ms, 0)) END AS answer_ms FROM assist_requests WHERE ${within('requested_at', days)}) r
      LEFT JOIN kiosks k ON k.kiosk_id = r.kiosk_id
    ) c
    GROUP BY GROUPING SETS ((day, topic), (day, branch_id, topic), (day, branch_id, kiosk_id, topic))
    HAVING count(*) FILTER (WHERE closed) > 0 OR COALESCE(sum(breaches), 0) > 0;

    INSERT INTO analytics_feedback_days (day, branch_id, kiosk_id, service, responses, promoters, passives, detractors, score_sum)
    SELECT day, CASE WHEN GROUPING(branch_id) = 0 THEN branch_id ELSE '*' END, CASE WHEN GROUPING(kiosk_id) = 0 THEN kiosk_id ELSE '*' END, service,
           count(*)::integer, count(*) FILTER (WHERE score >= 9)::integer, count(*) FILTER (WHERE score BETWEEN 7 AND 8)::integer,
           count(*) FILTER (WHERE score <= 6)::integer, sum(score)::bigint
    FROM (
      SELECT analytics_day(f.given_at) AS day, COALESCE(f.branch_id, k.branch_id, 'unknown') AS branch_id, f.kiosk_id, f.service, f.score
      FROM customer_feedback f LEFT JOIN kiosks k ON k.kiosk_id = f.kiosk_id WHERE ${within('f.given_at', days)}
    ) f
    GROUP BY GROUPING SETS ((day, service), (day, branch_id, service), (day, branch_id, kiosk_id, service));

    INSERT INTO analytics_follow_up_days (day, branch_id, kiosk_id, case_key, opened, open, contacted, closed)
    SELECT day, CASE WHEN GROUPING(branch_id) = 0 THEN branch_id ELSE '*' END, CASE WHEN GROUPING(kiosk_id) = 0 THEN kiosk_id ELSE '*' END, case_key,
           count(*)::integer, count(*) FILTER (WHERE status = 'open')::integer, count(*) FILTER (WHERE status = 'contacted')::integer,
           count(*) FILTER (WHERE status = 'closed')::integer
    FROM (
      SELECT analytics_day(opened_at) AS day, COALESCE(branch_id, 'unknown') AS branch_id, kiosk_id, COALESCE(service, kind) AS case_key, status
      FROM follow_up_cases WHERE ${within('opened_at', days)}
    ) c
    GROUP BY GROUPING SETS ((day, case_key), (day, branch_id, case_key), (day, branch_id, kiosk_id, case_key));
  `;
}

const zeros = `(array_fill(0, ARRAY[${HISTOGRAM_BUCKETS}]))`;

export const ANALYTICS_MIGRATION_SQL = `
  CREATE TABLE analytics_settings (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    time_zone text NOT NULL DEFAULT 'UTC'
  );
  INSERT INTO analytics_settings DEFAULT VALUES;

  CREATE FUNCTION analytics_day(at timestamptz) RETURNS date LANGUAGE sql STABLE
    AS $$ SELECT (at AT TIME ZONE (SELECT time_zone FROM analytics_settings))::date $$;
  -- The edges of hub/analytics/histogram.ts: [0, 5 s), then ×1.25 per bucket, the 32nd open.
  CREATE FUNCTION analytics_bucket(ms bigint) RETURNS integer LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN ms IS NULL THEN NULL WHEN ms < 5000 THEN 1
                      ELSE least(${HISTOGRAM_BUCKETS}, 2 + floor(ln(ms / 5000.0) / ln(1.25))::integer) END $$;

  CREATE TABLE analytics_ticket_days (
    day            date NOT NULL,
    branch_id      text NOT NULL,
    kiosk_id       text NOT NULL,
    counter_id     text NOT NULL,
    service_id     text NOT NULL,
    issued         integer NOT NULL,
    vip            integer NOT NULL,
    served         integer NOT NULL,
    no_show        integer NOT NULL,
    -- called tickets (served or no-show), the samples of wait_*
    waited         integer NOT NULL,
    wait_ms_sum    bigint NOT NULL,
    wait_hist      integer[] NOT NULL,
    service_ms_sum bigint NOT NULL,
    service_hist   integer[] NOT NULL,
    PRIMARY KEY (branch_id, kiosk_id, counter_id, day, service_id)
  );
  CREATE TABLE analytics_journey_days (
    day       date NOT NULL,
    branch_id text NOT NULL,
    kiosk_id  text NOT NULL,
    journey   text NOT NULL,
    count     integer NOT NULL,
    PRIMARY KEY (branch_id, kiosk_id, day, journey)
  );
  CREATE TABLE analytics_call_days (
    day           date NOT NULL,
    branch_id     text NOT NULL,
    kiosk_id      text NOT NULL,
    topic         text NOT NULL,
    requests      integer NOT NULL,
    answered      integer NOT NULL,
    abandoned     integer NOT NULL,
    first_contact integer NOT NULL,
    breaches      integer NOT NULL,
    answer_ms_sum bigint NOT NULL,
    answer_hist   integer[] NOT NULL,
    PRIMARY KEY (branch_id, kiosk_id, day, topic)
  );
  CREATE TABLE analytics_feedback_days (
    day        date NOT NULL,
    branch_id  text NOT NULL,
    kiosk_id   text NOT NULL,
    service    text NOT NULL,
    responses  integer NOT NULL,
    promoters  integer NOT NULL,
    passives   integer NOT NULL,
    detractors integer NOT NULL,
    score_sum  bigint NOT NULL,
    PRIMARY KEY (branch_id, kiosk_id, day, service)
  );
  -- Cases by the day they were opened, counted per status: a status change moves one count.
  CREATE TABLE analytics_follow_up_days (
    day       date NOT NULL,
    branch_id text NOT NULL,
    kiosk_id  text NOT NULL,
    case_key  text NOT NULL,
    opened    integer NOT NULL,
    open      integer NOT NULL,
    contacted integer NOT NULL,
    closed    integer NOT NULL,
    PRIMARY KEY (branch_id, kiosk_id, day, case_key)
  );
  -- Overdue depends on the clock, so it is counted from the cases still open past their due
  -- time (few: follow_up_cases_status_due finds them); by branch it needs this one.
  CREATE INDEX follow_up_cases_open_branch ON follow_up_cases (branch_id, due_at) WHERE status = 'open';
  -- A rebuild recounts day by day (rebuildAnalytics); these find a day's raw rows.
  CREATE INDEX follow_up_cases_opened ON follow_up_cases (opened_at);
  CREATE INDEX branch_tickets_issued ON branch_tickets (issued_at_ms);

  -- The triggers are plpgsql with one INSERT … ON CONFLICT each (one cached plan, every level
  -- of the rollup in one statement); a duration adds 1 to its bucket of the histogram.
  -- A ticket counts as issued when entered and, on the day it was issued, as served or
  -- no-show once it reaches that end state (wait: issued → called; service: serving → done).
  CREATE FUNCTION analytics_ticket_fold() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    d date := analytics_day(to_timestamp(NEW.issued_at_ms / 1000.0));
    ended boolean := NEW.state IN ('done', 'no-show') AND (TG_OP = 'INSERT' OR OLD.state NOT IN ('done', 'no-show'));
    n_issued integer := (TG_OP = 'INSERT')::integer;
    n_vip integer := (TG_OP = 'INSERT' AND NEW.service_class = 'vip')::integer;
    n_served integer := (ended AND NEW.state = 'done')::integer;
    n_no_show integer := (ended AND NEW.state = 'no-show')::integer;
    wait_ms bigint;
    service_ms bigint;
    wb integer;
    sb integer;
    wh integer[] := ${zeros};
    sh integer[] := ${zeros};
  BEGIN
    IF n_issued + n_served + n_no_show = 0 THEN RETURN NULL; END IF;
    IF ended AND NEW.called_at_ms IS NOT NULL THEN
      wait_ms := greatest(0, NEW.called_at_ms - NEW.issued_at_ms);
      wb := analytics_bucket(wait_ms);
      wh[wb] := 1;
    END IF;
    IF ended AND NEW.state = 'done' AND NEW.serving_at_ms IS NOT NULL AND NEW.finished_at_ms IS NOT NULL THEN
      service_ms := greatest(0, NEW.finished_at_ms - NEW.serving_at_ms);
      sb := analytics_bucket(service_ms);
      sh[sb] := 1;
    END IF;
    INSERT INTO analytics_ticket_days AS t (day, branch_id, kiosk_id, counter_id, service_id, issued, vip, served, no_show, waited, wait_ms_sum, wait_hist, service_ms_sum, service_hist)
    SELECT d, v.b, v.k, v.c, NEW.service_id, v.issued, v.vip, n_served, n_no_show, (wait_ms IS NOT NULL)::integer, COALESCE(wait_ms, 0), wh, COALESCE(service_ms, 0), sh
    FROM (VALUES ('*', '*', '*', n_issued, n_vip, true),
                 (NEW.branch_id, '*', '*', n_issued, n_vip, true),
                 (NEW.branch_id, COALESCE(NEW.kiosk_id, '-'), '*', n_issued, n_vip, NEW.kiosk_id IS NOT NULL),
                 -- a counter serves tickets, it does not issue them
                 (NEW.branch_id, '*', COALESCE(NEW.counter_id::text, '-'), 0, 0, ended AND NEW.counter_id IS NOT NULL)) AS v (b, k, c, issued, vip, keep)
    WHERE v.keep
    ON CONFLICT (branch_id, kiosk_id, counter_id, day, service_id) DO UPDATE SET
      issued = t.issued + EXCLUDED.issued, vip = t.vip + EXCLUDED.vip, served = t.served + EXCLUDED.served,
      no_show = t.no_show + EXCLUDED.no_show, waited = t.waited + EXCLUDED.waited, wait_ms_sum = t.wait_ms_sum + EXCLUDED.wait_ms_sum,
      wait_hist[COALESCE(wb, 1)] = t.wait_hist[COALESCE(wb, 1)] + (wb IS NOT NULL)::integer,
      service_ms_sum = t.service_ms_sum + EXCLUDED.service_ms_sum,
      service_hist[COALESCE(sb, 1)] = t.service_hist[COALESCE(sb, 1)] + (sb IS NOT NULL)::integer;
    RETURN NULL;
  END $$;
  CREATE TRIGGER analytics_ticket_issued AFTER INSERT ON branch_tickets FOR EACH ROW EXECUTE FUNCTION analytics_ticket_fold();
  CREATE TRIGGER analytics_ticket_ended AFTER UPDATE OF state ON branch_tickets FOR EACH ROW
    WHEN (NEW.state IN ('done', 'no-show') AND OLD.state NOT IN ('done', 'no-show')) EXECUTE FUNCTION analytics_ticket_fold();

  CREATE FUNCTION analytics_journey_fold() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    d date := analytics_day(NEW.created_at);
    b text := COALESCE((SELECT branch_id FROM kiosks WHERE kiosk_id = NEW.kiosk_id), 'unknown');
  BEGIN
    INSERT INTO analytics_journey_days AS j (branch_id, kiosk_id, day, journey, count)
    VALUES ('*', '*', d, NEW.type, 1), (b, '*', d, NEW.type, 1), (b, NEW.kiosk_id, d, NEW.type, 1)
    ON CONFLICT (branch_id, kiosk_id, day, journey) DO UPDATE SET count = j.count + 1;
    RETURN NULL;
  END $$;
  CREATE TRIGGER analytics_journey AFTER INSERT ON kiosk_transactions FOR EACH ROW EXECUTE FUNCTION analytics_journey_fold();

  -- A call is counted when it closes (its outcome is known then), on the day it was asked for;
  -- an SLA breach when it is recorded. The same statement for both: one adds 0 breaches, the other 0 calls.
  CREATE FUNCTION analytics_call_put(d date, b text, k text, p_topic text, n_requests integer, answer_ms bigint, n_abandoned integer,
                                     n_first integer, n_breaches integer) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    ab integer := analytics_bucket(answer_ms);
    ah integer[] := ${zeros};
  BEGIN
    IF ab IS NOT NULL THEN ah[ab] := 1; END IF;
    INSERT INTO analytics_call_days AS c (day, branch_id, kiosk_id, topic, requests, answered, abandoned, first_contact, breaches, answer_ms_sum, answer_hist)
    VALUES (d, '*', '*', p_topic, n_requests, (ab IS NOT NULL)::integer, n_abandoned, n_first, n_breaches, COALESCE(answer_ms, 0), ah),
           (d, b, '*', p_topic, n_requests, (ab IS NOT NULL)::integer, n_abandoned, n_first, n_breaches, COALESCE(answer_ms, 0), ah),
           (d, b, k, p_topic, n_requests, (ab IS NOT NULL)::integer, n_abandoned, n_first, n_breaches, COALESCE(answer_ms, 0), ah)
    ON CONFLICT (branch_id, kiosk_id, day, topic) DO UPDATE SET
      requests = c.requests + EXCLUDED.requests, answered = c.answered + EXCLUDED.answered, abandoned = c.abandoned + EXCLUDED.abandoned,
      first_contact = c.first_contact + EXCLUDED.first_contact, breaches = c.breaches + EXCLUDED.breaches,
      answer_ms_sum = c.answer_ms_sum + EXCLUDED.answer_ms_sum,
      answer_hist[COALESCE(ab, 1)] = c.answer_hist[COALESCE(ab, 1)] + (ab IS NOT NULL)::integer;
  END $$;
  CREATE FUNCTION analytics_call_fold() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM analytics_call_put(
      analytics_day(NEW.requested_at),
      COALESCE((SELECT branch_id FROM kiosks WHERE kiosk_id = NEW.kiosk_id), 'unknown'),
      NEW.kiosk_id, NEW.topic, 1,
      CASE WHEN NEW.answered_at IS NOT NULL THEN greatest(0, COALESCE(NEW.wait_ms, 0)) END,
      (NEW.answered_at IS NULL AND NEW.outcome IN ('abandoned', 'cancelled'))::integer,
      (NEW.outcome = 'served' AND NOT EXISTS (SELECT 1 FROM assist_transfers x WHERE x.request_id = NEW.request_id))::integer,
      0);
    RETURN NULL;
  END $$;
  CREATE TRIGGER analytics_call_closed_insert AFTER INSERT ON assist_requests FOR EACH ROW
    WHEN (NEW.status = 'closed') EXECUTE FUNCTION analytics_call_fold();
  CREATE TRIGGER analytics_call_closed AFTER UPDATE OF status ON assist_requests FOR EACH ROW
    WHEN (NEW.status = 'closed' AND OLD.status <> 'closed') EXECUTE FUNCTION analytics_call_fold();
  CREATE FUNCTION analytics_breach_fold() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    r record;
  BEGIN
    SELECT kiosk_id, topic, requested_at INTO r FROM assist_requests WHERE request_id = NEW.request_id;
    PERFORM analytics_call_put(analytics_day(r.requested_at), COALESCE((SELECT branch_id FROM kiosks WHERE kiosk_id = r.kiosk_id), 'unknown'),
                               r.kiosk_id, r.topic, 0, NULL, 0, 0, 1);
    RETURN NULL;
  END $$;
  CREATE TRIGGER analytics_breach AFTER INSERT ON assist_sla_breaches FOR EACH ROW EXECUTE FUNCTION analytics_breach_fold();

  CREATE FUNCTION analytics_feedback_fold() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    d date := analytics_day(NEW.given_at);
    b text := COALESCE(NEW.branch_id, (SELECT branch_id FROM kiosks WHERE kiosk_id = NEW.kiosk_id), 'unknown');
  BEGIN
    INSERT INTO analytics_feedback_days AS f (day, branch_id, kiosk_id, service, responses, promoters, passives, detractors, score_sum)
    VALUES (d, '*', '*', NEW.service, 1, (NEW.score >= 9)::integer, (NEW.score BETWEEN 7 AND 8)::integer, (NEW.score <= 6)::integer, NEW.score),
           (d, b, '*', NEW.service, 1, (NEW.score >= 9)::integer, (NEW.score BETWEEN 7 AND 8)::integer, (NEW.score <= 6)::integer, NEW.score),
           (d, b, NEW.kiosk_id, NEW.service, 1, (NEW.score >= 9)::integer, (NEW.score BETWEEN 7 AND 8)::integer, (NEW.score <= 6)::integer, NEW.score)
    ON CONFLICT (branch_id, kiosk_id, day, service) DO UPDATE SET
      responses = f.responses + 1, promoters = f.promoters + EXCLUDED.promoters, passives = f.passives + EXCLUDED.passives,
      detractors = f.detractors + EXCLUDED.detractors, score_sum = f.score_sum + EXCLUDED.score_sum;
    RETURN NULL;
  END $$;
  CREATE TRIGGER analytics_feedback AFTER INSERT ON customer_feedback FOR EACH ROW EXECUTE FUNCTION analytics_feedback_fold();

  -- Opened: +1 in its status; a status change: -1 in the old, +1 in the new.
  CREATE FUNCTION analytics_follow_up_fold() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    d date := analytics_day(NEW.opened_at);
    b text := COALESCE(NEW.branch_id, 'unknown');
    k text := COALESCE(NEW.service, NEW.kind);
    n_opened integer := (TG_OP = 'INSERT')::integer;
    d_open integer := (NEW.status = 'open')::integer - (TG_OP = 'UPDATE' AND OLD.status = 'open')::integer;
    d_contacted integer := (NEW.status = 'contacted')::integer - (TG_OP = 'UPDATE' AND OLD.status = 'contacted')::integer;
    d_closed integer := (NEW.status = 'closed')::integer - (TG_OP = 'UPDATE' AND OLD.status = 'closed')::integer;
  BEGIN
    INSERT INTO analytics_follow_up_days AS f (branch_id, kiosk_id, day, case_key, opened, open, contacted, closed)
    VALUES ('*', '*', d, k, n_opened, d_open, d_contacted, d_closed), (b, '*', d, k, n_opened, d_open, d_contacted, d_closed),
           (b, NEW.kiosk_id, d, k, n_opened, d_open, d_contacted, d_closed)
    ON CONFLICT (branch_id, kiosk_id, day, case_key) DO UPDATE SET
      opened = f.opened + EXCLUDED.opened, open = f.open + EXCLUDED.open, contacted = f.contacted + EXCLUDED.contacted, closed = f.closed + EXCLUDED.closed;
    RETURN NULL;
  END $$;
  CREATE TRIGGER analytics_follow_up_opened AFTER INSERT ON follow_up_cases FOR EACH ROW EXECUTE FUNCTION analytics_follow_up_fold();
  CREATE TRIGGER analytics_follow_up_status AFTER UPDATE OF status ON follow_up_cases FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status) EXECUTE FUNCTION analytics_follow_up_fold();

  -- What this hub already holds.
  ${analyticsRebuildSql()}
`;
