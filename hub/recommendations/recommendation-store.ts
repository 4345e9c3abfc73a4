// Recommendation rules at the hub (migration 20): admins and supervisors write them in the
// console, every change is one transaction guarded by the editor's base version and leaves an
// audit row (a save keeps the definition it wrote), and the rule's kiosk state — its latest
// version while enabled, nothing while disabled — is then put into the pull contract, read
// again from the database so the last writer publishes the latest. Impressions, acceptances
// and refusals arrive from kiosks by sync (enterRecommendationEvents, inside the ingest
// transaction) and are counted per rule.
import {
  explainRule,
  RECOMMENDATION_TRANSACTION_TYPE,
  recommendationItemKey,
  recommendationPayloadSchema,
  type KioskRule,
  type RuleAuditEntry,
  type RuleDefinition,
  type RuleDetail,
  type RuleSummary,
} from '../../protocol/recommendations.js';
import type { TransactionItem } from '../../protocol/hub-api.js';
import type { Clock } from '../assist/clock.js';
import { publishChange } from '../storage/change-queries.js';
import type { Database, Queryable } from '../storage/queryable.js';
import { toIsoString } from '../storage/row-values.js';

export type RuleOutcome<T> = { ok: true; value: T } | { ok: false; status: 404 | 409; code: 'NOT_FOUND' | 'CONFLICT'; message: string };

export interface RecommendationStore {
  list(): Promise<RuleSummary[]>;
  detail(ruleId: string): Promise<RuleOutcome<RuleDetail>>;
  create(definition: RuleDefinition, enabled: boolean, actor: string): Promise<RuleOutcome<RuleDetail>>;
  save(ruleId: string, baseVersion: number, definition: RuleDefinition, actor: string): Promise<RuleOutcome<RuleDetail>>;
  setEnabled(ruleId: string, enabled: boolean, actor: string): Promise<RuleOutcome<RuleDetail>>;
}

interface RuleRow {
  rule_id: string;
  version: number;
  enabled: boolean;
  definition: RuleDefinition;
  updated_by: string;
  updated_by_name: string;
  updated_at: unknown;
  shown: unknown;
  accepted: unknown;
  declined: unknown;
}

const notFound = { ok: false, status: 404, code: 'NOT_FOUND', message: 'no such rule' } as const;
const conflict = (message: string) => ({ ok: false, status: 409, code: 'CONFLICT', message }) as const;

// Staff ids are uuids; a name of another kind is shown as it is.
const nameOf = (column: string) => `COALESCE((SELECT display_name FROM staff_users WHERE staff_id::text = ${column}), ${column})`;

const RULE_SELECT = `
  SELECT r.rule_id, r.version, r.enabled, r.definition, r.updated_by, ${nameOf('r.updated_by')} AS updated_by_name, r.updated_at,
         COALESCE(c.shown, 0) AS shown, COALESCE(c.accepted, 0) AS accepted, COALESCE(c.declined, 0) AS declined
  FROM recommendation_rules r
  LEFT JOIN (
    SELECT rule_id, count(*) FILTER (WHERE event = 'shown') AS shown, count(*) FILTER (WHERE event = 'accepted') AS accepted,
           count(*) FILTER (WHERE event = 'declined') AS declined
    FROM recommendation_events GROUP BY rule_id
  ) c ON c.rule_id = r.rule_id`;

function toSummary(row: RuleRow): RuleSummary {
  return {
    id: row.rule_id,
    version: Number(row.version),
    enabled: row.enabled,
    definition: row.definition,
    explain: { 'zh-CN': explainRule(row.definition, 'zh-CN'), en: explainRule(row.definition, 'en') },
    counts: { shown: Number(row.shown), accepted: Number(row.accepted), declined: Number(row.declined) },
    updated: { by: row.updated_by, byName: row.updated_by_name, at: toIsoString(row.updated_at) },
  };
}

async function ruleRow(db: Queryable, ruleId: string): Promise<RuleRow | null> {
  const { rows } = await db.query<RuleRow>(`${RULE_SELECT} WHERE r.rule_id = $1`, [ruleId]);
  return rows[0] ?? null;
}

async function audit(db: Queryable, ruleId: string, event: RuleAuditEntry['event'], version: number, definition: RuleDefinition | null, actor: string, at: string): Promise<void> {
  await db.query('INSERT INTO recommendation_audit (rule_id, event, version, definition, actor, at) VALUES ($1, $2, $3, $4, $5, $6)', [
    ruleId,
    event,
    version,
    definition === null ? null : JSON.stringify(definition),
    actor,
    at,
  ]);
}

async function detailOf(db: Queryable, ruleId: string): Promise<RuleOutcome<RuleDetail>> {
  const row = await ruleRow(db, ruleId);
  if (!row) return notFound;
  const { rows } = await db.query<{ event: RuleAuditEntry['event']; version: number; actor: string; by_name: string; at: unknown }>(
    `SELECT event, version, actor, ${nameOf('actor')} AS by_name, at FROM recommendation_audit WHERE rule_id = $1 ORDER BY audit_id DESC`,
    [ruleId],
  );
  return { ok: true, value: { ...toSummary(row), audit: rows.map((e) => ({ event: e.event, version: Number(e.version), by: e.actor, byName: e.by_name, at: toIsoString(e.at) })) } };
}

/** Puts the rule's kiosk state into the pull contract (all kiosks); idempotent. */
export async function publishRuleToKiosks(db: Database, ruleId: string): Promise<void> {
  const { rows } = await db.query<{ version: number; enabled: boolean; definition: RuleDefinition }>('SELECT version, enabled, definition FROM recommendation_rules WHERE rule_id = $1', [ruleId]);
  const row = rows[0];
  const value: KioskRule | null = row?.enabled ? { id: ruleId, version: Number(row.version), definition: row.definition } : null;
  await publishChange(db, { scope: { kind: 'all' }, kind: 'catalog', key: recommendationItemKey(ruleId), value });
}

export function createRecommendationStore(db: Database, clock: Pick<Clock, 'now'>): RecommendationStore {
  const now = () => new Date(clock.now()).toISOString();

  async function change(ruleId: string, work: (tx: Queryable, at: string) => Promise<RuleOutcome<null>>): Promise<RuleOutcome<RuleDetail>> {
    const outcome = await db.transaction(async (tx) => work(tx, now()));
    if (!outcome.ok) return outcome;
    // After the commit (publishChange takes its own lock); should it fail, the route answers
    // 500 and the editor's retry publishes again.
    await publishRuleToKiosks(db, ruleId);
    return detailOf(db, ruleId);
  }

  return {
    async list() {
      const { rows } = await db.query<RuleRow>(`${RULE_SELECT} ORDER BY r.enabled DESC, (r.definition->>'priority')::int DESC, r.rule_id`);
      return rows.map(toSummary);
    },

    detail: (ruleId) => detailOf(db, ruleId),

    create(definition, enabled, actor) {
      const ruleId = globalThis.crypto.randomUUID();
      return change(ruleId, async (tx, at) => {
        await tx.query('INSERT INTO recommendation_rules (rule_id, version, enabled, definition, updated_by, updated_at) VALUES ($1, 1, $2, $3, $4, $5)', [
          ruleId,
          enabled,
          JSON.stringify(definition),
          actor,
          at,
        ]);
        await audit(tx, ruleId, 'created', 1, definition, actor, at);
        if (enabled) await audit(tx, ruleId, 'enabled', 1, null, actor, at);
        return { ok: true, value: null };
      });
    },

    save(ruleId, baseVersion, definition, actor) {
      return change(ruleId, async (tx, at) => {
        const { rows } = await tx.query<{ version: number }>(
          'UPDATE recommendation_rules SET version = version + 1, definition = $3, updated_by = $4, updated_at = $5 WHERE rule_id = $1 AND version = $2 RETURNING version',
          [ruleId, baseVersion, JSON.stringify(definition), actor, at],
        );
        const saved = rows[0];
        if (!saved) {
          const row = await ruleRow(tx, ruleId);
          return row ? conflict(`version ${row.version} was saved since version ${baseVersion}, by ${row.updated_by_name}: reload it first`) : notFound;
        }
        await audit(tx, ruleId, 'saved', Number(saved.version), definition, actor, at);
        return { ok: true, value: null };
      });
    },

    setEnabled(ruleId, enabled, actor) {
      return change(ruleId, async (tx, at) => {
        const { rows } = await tx.query<{ version: number }>(
          'UPDATE recommendation_rules SET enabled = $2, updated_by = $3, updated_at = $4 WHERE rule_id = $1 AND enabled <> $2 RETURNING version',
          [ruleId, enabled, actor, at],
        );
        const changed = rows[0];
        if (!changed) return (await ruleRow(tx, ruleId)) ? conflict(enabled ? 'this rule is already enabled' : 'this rule is already disabled') : notFound;
        await audit(tx, ruleId, enabled ? 'enabled' : 'disabled', Number(changed.version), null, actor, at);
        return { ok: true, value: null };
      });
    },
  };
}

/**
 * Counts the suggestions among a kiosk's newly stored transactions, in the ingest transaction
 * (a replay adds nothing). A payload that does not parse stays in the transaction log only.
 */
export async function enterRecommendationEvents(db: Queryable, kioskId: string, stored: readonly TransactionItem[]): Promise<number> {
  const rows = stored.flatMap((item) => {
    if (item.type !== RECOMMENDATION_TRANSACTION_TYPE) return [];
    const parsed = recommendationPayloadSchema.safeParse(item.payload);
    if (!parsed.success) return [];
    const p = parsed.data;
    return [{ tx_id: item.id, rule_id: p.ruleId, rule_version: p.ruleVersion, event: p.event, journey: p.journey, at: p.at }];
  });
  if (rows.length === 0) return 0;
  await db.query(
    `INSERT INTO recommendation_events (kiosk_id, tx_id, rule_id, rule_version, event, journey, at)
     SELECT $1, r.tx_id, r.rule_id, r.rule_version, r.event, r.journey, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r(tx_id uuid, rule_id uuid, rule_version integer, event text, journey text, at timestamptz)
     ON CONFLICT DO NOTHING`,
    [kioskId, JSON.stringify(rows)],
  );
  return rows.length;
}
