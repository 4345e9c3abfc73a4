// One kiosk's alerts brought in line with its conditions, in one transaction: raise what held
// for its rule's hold-down (unless the kiosk used up its hourly allowance), resolve what
// cleared, forget conditions that went away before they were raised. Run it as often as you
// like, from any instance: the kiosk's health row is locked first and the unique index on
// unresolved alerts refuses a duplicate, so the outcome is the same.
import type { AlertNotice, AlertRule } from '../../protocol/fleet-alerts.js';
import type { Queryable } from '../storage/queryable.js';
import { evaluateRules } from './alert-rules.js';
import { activeAlertsForUpdate, dropPending, insertAlert, notePending, pendingConditions, raisedSince, resolveAlert } from './alert-store.js';
import { kioskFacts } from './health-store.js';

const HOUR = 3_600_000;
const key = (ruleId: string, device: string) => `${ruleId}\u0000${device}`;

export interface ReconcileOptions {
  maxAlertsPerKioskPerHour: number;
}

/** The crash-loop rules' widest window: how far back restarts are read. */
function restartWindowMs(rules: readonly AlertRule[]): number {
  let widest = 0;
  for (const rule of rules) if (rule.params.kind === 'crash-loop') widest = Math.max(widest, rule.params.windowMinutes * 60_000);
  return widest;
}

export async function reconcileKiosk(tx: Queryable, kioskId: string, rules: readonly AlertRule[], now: number, options: ReconcileOptions): Promise<AlertNotice[]> {
  await tx.query('SELECT 1 FROM fleet_kiosk_health WHERE kiosk_id = $1 FOR UPDATE', [kioskId]);
  const facts = await kioskFacts(tx, kioskId, restartWindowMs(rules), now);
  if (!facts) return [];
  const at = new Date(now);
  const { conditions, evaluated } = evaluateRules(rules, facts, now);
  const byRule = new Map(rules.filter((rule) => rule.enabled).map((rule) => [rule.ruleId, rule]));
  const holding = new Map(conditions.map((c) => [key(c.ruleId, c.device), c]));
  const active = await activeAlertsForUpdate(tx, kioskId);
  const activeKeys = new Set(active.map((a) => key(a.ruleId, a.device)));
  const notices: AlertNotice[] = [];

  for (const alert of active) {
    const ruleGone = !byRule.has(alert.ruleId);
    const cleared = evaluated.has(alert.ruleId) && !holding.has(key(alert.ruleId, alert.device));
    if (!ruleGone && !cleared) continue;
    const resolved = await resolveAlert(tx, alert.alertId, 'auto', at);
    if (resolved) notices.push({ event: 'alert.resolved', alert: resolved });
  }

  const pending = new Map((await pendingConditions(tx, kioskId)).map((p) => [key(p.ruleId, p.device), p]));
  let allowance: number | null = null;
  for (const condition of conditions) {
    const k = key(condition.ruleId, condition.device);
    const rule = byRule.get(condition.ruleId);
    if (!rule || activeKeys.has(k)) continue;
    const firstSeenAt = pending.get(k)?.firstSeenAt ?? now;
    const due = now - firstSeenAt >= rule.holdDownSec * 1000;
    if (due) {
      allowance ??= options.maxAlertsPerKioskPerHour - (await raisedSince(tx, kioskId, new Date(now - HOUR)));
      if (allowance > 0) {
        const raised = await insertAlert(tx, { kioskId, rule, device: condition.device, detail: condition.detail, at });
        if (pending.has(k)) await dropPending(tx, kioskId, condition.ruleId, condition.device);
        if (raised) {
          allowance -= 1;
          notices.push({ event: 'alert.raised', alert: raised });
        }
        continue;
      }
    }
    // Held down, or over the hourly allowance: remembered, looked at again by the sweeper.
    await notePending(tx, kioskId, condition.ruleId, condition.device, condition.detail, new Date(firstSeenAt));
  }

  for (const [k, p] of pending) {
    const ruleKnown = byRule.has(p.ruleId);
    if (!holding.has(k) && (!ruleKnown || evaluated.has(p.ruleId))) await dropPending(tx, kioskId, p.ruleId, p.device);
  }
  return notices;
}
