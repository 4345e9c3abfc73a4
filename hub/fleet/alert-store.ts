// Alert rows and rule rows, over either engine. Times are passed in (the hub clock), so the
// lifecycle runs on a fake clock in tests exactly as on the real one.
import {
  alertParamsSchema,
  alertKindSchema,
  alertSeveritySchema,
  alertStateSchema,
  type Alert,
  type AlertNotice,
  type AlertRule,
  type AlertRuleUpdate,
  type AlertsQuery,
  type StoredAlertRule,
} from '../../protocol/fleet-alerts.js';
import type { Queryable } from '../storage/queryable.js';
import { toIsoString, toSafeInteger } from '../storage/row-values.js';
import type { ConditionDetail } from './alert-rules.js';

interface AlertRow {
  alert_id: string;
  kiosk_id: string;
  branch_id: string | null;
  rule_id: string;
  kind: string;
  severity: string;
  device: string;
  state: string;
  detail: ConditionDetail;
  raised_at: unknown;
  acknowledged_at: unknown;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  resolved_at: unknown;
  resolved_by: string | null;
  resolved_by_name: string | null;
}

const ALERT_COLUMNS = `a.alert_id, a.kiosk_id, k.branch_id, a.rule_id, a.kind, a.severity, a.device, a.state, a.detail,
  a.raised_at, a.acknowledged_at, a.acknowledged_by, ack.display_name AS acknowledged_by_name,
  a.resolved_at, a.resolved_by, res.display_name AS resolved_by_name`;
// Staff ids are uuids; resolved_by may also be 'auto', hence the text comparison.
const ALERT_FROM = `fleet_alerts a LEFT JOIN kiosks k ON k.kiosk_id = a.kiosk_id
  LEFT JOIN staff_users ack ON ack.staff_id::text = a.acknowledged_by
  LEFT JOIN staff_users res ON res.staff_id::text = a.resolved_by`;

const isoOrNull = (value: unknown) => (value === null || value === undefined ? null : toIsoString(value));

export function alertOf(row: AlertRow): Alert {
  return {
    alertId: row.alert_id,
    kioskId: row.kiosk_id,
    branchId: row.branch_id ?? null,
    ruleId: row.rule_id,
    kind: alertKindSchema.parse(row.kind),
    severity: alertSeveritySchema.parse(row.severity),
    device: row.device,
    state: alertStateSchema.parse(row.state),
    detail: row.detail,
    raisedAt: toIsoString(row.raised_at),
    acknowledgedAt: isoOrNull(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    acknowledgedByName: row.acknowledged_by_name ?? null,
    resolvedAt: isoOrNull(row.resolved_at),
    resolvedBy: row.resolved_by,
    resolvedByName: row.resolved_by_name ?? null,
  };
}

interface RuleRow {
  rule_id: string;
  enabled: boolean;
  severity: string;
  hold_down_sec: unknown;
  params: unknown;
  updated_at: unknown;
  updated_by: string | null;
}

function ruleOf(row: RuleRow): StoredAlertRule {
  return {
    ruleId: row.rule_id,
    enabled: row.enabled,
    severity: alertSeveritySchema.parse(row.severity),
    holdDownSec: toSafeInteger(row.hold_down_sec),
    params: alertParamsSchema.parse(row.params),
    updatedAt: toIsoString(row.updated_at),
    updatedBy: row.updated_by,
  };
}

export async function listRules(db: Queryable): Promise<StoredAlertRule[]> {
  const { rows } = await db.query<RuleRow>('SELECT * FROM fleet_alert_rules ORDER BY rule_id');
  return rows.map(ruleOf);
}

export async function upsertRule(db: Queryable, ruleId: string, rule: AlertRuleUpdate, by: string, at: Date): Promise<StoredAlertRule> {
  const { rows } = await db.query<RuleRow>(
    `INSERT INTO fleet_alert_rules (rule_id, enabled, severity, hold_down_sec, params, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (rule_id) DO UPDATE SET enabled = EXCLUDED.enabled, severity = EXCLUDED.severity, hold_down_sec = EXCLUDED.hold_down_sec,
       params = EXCLUDED.params, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
     RETURNING *`,
    [ruleId, rule.enabled, rule.severity, rule.holdDownSec, JSON.stringify(rule.params), at, by],
  );
  const row = rows[0];
  if (!row) throw new Error('rule upsert returned no row');
  return ruleOf(row);
}

export async function deleteRule(db: Queryable, ruleId: string): Promise<boolean> {
  const { rows } = await db.query<{ rule_id: string }>('DELETE FROM fleet_alert_rules WHERE rule_id = $1 RETURNING rule_id', [ruleId]);
  return rows.length > 0;
}

/** Unresolved alerts of one kiosk, locked until the transaction ends. */
export async function activeAlertsForUpdate(tx: Queryable, kioskId: string): Promise<Alert[]> {
  const { rows } = await tx.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM ${ALERT_FROM} WHERE a.kiosk_id = $1 AND a.state <> 'resolved' FOR UPDATE OF a`, [kioskId]);
  return rows.map(alertOf);
}

export async function raisedSince(tx: Queryable, kioskId: string, since: Date): Promise<number> {
  const { rows } = await tx.query<{ n: unknown }>('SELECT count(*) AS n FROM fleet_alerts WHERE kiosk_id = $1 AND raised_at >= $2', [kioskId, since]);
  return toSafeInteger(rows[0]?.n ?? 0);
}

export interface NewAlert {
  kioskId: string;
  rule: AlertRule;
  device: string;
  detail: ConditionDetail;
  at: Date;
}

/** Null when another instance raised the same one first (the unique index de-duplicates). */
export async function insertAlert(tx: Queryable, alert: NewAlert): Promise<Alert | null> {
  const { rows } = await tx.query<{ alert_id: string }>(
    `INSERT INTO fleet_alerts (alert_id, kiosk_id, rule_id, kind, severity, device, state, detail, raised_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)
     ON CONFLICT (kiosk_id, rule_id, device) WHERE state <> 'resolved' DO NOTHING
     RETURNING alert_id`,
    [globalThis.crypto.randomUUID(), alert.kioskId, alert.rule.ruleId, alert.rule.params.kind, alert.rule.severity, alert.device, JSON.stringify(alert.detail), alert.at],
  );
  const id = rows[0]?.alert_id;
  return id ? getAlert(tx, id) : null;
}

export async function getAlert(db: Queryable, alertId: string): Promise<Alert | null> {
  const { rows } = await db.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM ${ALERT_FROM} WHERE a.alert_id = $1`, [alertId]);
  return rows[0] ? alertOf(rows[0]) : null;
}

/** Null when the alert does not exist or is resolved already. */
export async function resolveAlert(tx: Queryable, alertId: string, by: string, at: Date): Promise<Alert | null> {
  const { rows } = await tx.query<{ alert_id: string }>(
    `UPDATE fleet_alerts SET state = 'resolved', resolved_at = $2, resolved_by = $3 WHERE alert_id = $1 AND state <> 'resolved' RETURNING alert_id`,
    [alertId, at, by],
  );
  return rows[0] ? getAlert(tx, alertId) : null;
}

/** Null when the alert does not exist or is not open (acknowledged or resolved already). */
export async function acknowledgeAlert(tx: Queryable, alertId: string, by: string, at: Date): Promise<Alert | null> {
  const { rows } = await tx.query<{ alert_id: string }>(
    `UPDATE fleet_alerts SET state = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3 WHERE alert_id = $1 AND state = 'open' RETURNING alert_id`,
    [alertId, at, by],
  );
  return rows[0] ? getAlert(tx, alertId) : null;
}

export async function listAlerts(db: Queryable, query: AlertsQuery): Promise<Alert[]> {
  const states = { active: ['open', 'acknowledged'], open: ['open'], acknowledged: ['acknowledged'], resolved: ['resolved'], all: ['open', 'acknowledged', 'resolved'] }[query.state];
  const { rows } = await db.query<AlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM ${ALERT_FROM}
     WHERE a.state = ANY($1::text[]) AND ($2::text IS NULL OR a.kiosk_id = $2)
     ORDER BY a.raised_at DESC, a.alert_id LIMIT $3`,
    [states, query.kioskId ?? null, query.limit],
  );
  return rows.map(alertOf);
}

/**
 * Alerts raised, acknowledged or resolved after `since`, each as the event of its latest
 * step, oldest first (for consoles that long-poll instead of holding the call socket).
 * `before`: only events earlier than it (the service holds back those after a change it is
 * still writing).
 */
export async function alertChangesSince(db: Queryable, since: Date, limit = 200, before?: Date): Promise<AlertNotice[]> {
  const latest = 'GREATEST(a.raised_at, COALESCE(a.acknowledged_at, a.raised_at), COALESCE(a.resolved_at, a.raised_at))';
  const { rows } = await db.query<AlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM ${ALERT_FROM}
     WHERE (a.raised_at > $1 OR a.acknowledged_at > $1 OR a.resolved_at > $1) AND ($3::timestamptz IS NULL OR ${latest} < $3)
     ORDER BY ${latest}, a.alert_id
     LIMIT $2`,
    [since, limit, before ?? null],
  );
  return rows.map(alertOf).map((alert) => ({ event: alert.state === 'resolved' ? 'alert.resolved' : alert.state === 'acknowledged' ? 'alert.acknowledged' : 'alert.raised', alert }));
}

// ── conditions waiting out their hold-down ──────────────────────────────────────────────

export interface PendingCondition {
  ruleId: string;
  device: string;
  firstSeenAt: number;
}

export async function pendingConditions(tx: Queryable, kioskId: string): Promise<PendingCondition[]> {
  const { rows } = await tx.query<{ rule_id: string; device: string; first_seen_at: unknown }>('SELECT rule_id, device, first_seen_at FROM fleet_alert_conditions WHERE kiosk_id = $1', [kioskId]);
  return rows.map((row) => ({ ruleId: row.rule_id, device: row.device, firstSeenAt: Date.parse(toIsoString(row.first_seen_at)) }));
}

export async function notePending(tx: Queryable, kioskId: string, ruleId: string, device: string, detail: ConditionDetail, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO fleet_alert_conditions (kiosk_id, rule_id, device, first_seen_at, detail) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kiosk_id, rule_id, device) DO UPDATE SET detail = EXCLUDED.detail`,
    [kioskId, ruleId, device, at, JSON.stringify(detail)],
  );
}

export async function dropPending(tx: Queryable, kioskId: string, ruleId: string, device: string): Promise<void> {
  await tx.query('DELETE FROM fleet_alert_conditions WHERE kiosk_id = $1 AND rule_id = $2 AND device = $3', [kioskId, ruleId, device]);
}

/** Kiosks with a condition whose hold-down may have run out: the sweeper looks at them again. */
export async function kiosksWithPending(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ kiosk_id: string }>('SELECT DISTINCT kiosk_id FROM fleet_alert_conditions');
  return rows.map((row) => row.kiosk_id);
}
