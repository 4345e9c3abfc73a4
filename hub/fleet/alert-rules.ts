// Which alert conditions hold for one kiosk right now, from its latest facts and the rules.
// Pure: no clock, no database — `now` comes in, conditions go out. Raising, holding down,
// de-duplicating and resolving are the reconciler's job (alert-reconcile.ts).
import type { AlertRule } from '../../protocol/fleet-alerts.js';
import type { HealthReport, ReportedDevice } from '../../protocol/fleet-health.js';

export interface KioskFacts {
  kioskId: string;
  online: boolean;
  /** Epoch ms of the last time any hub instance heard from the kiosk. */
  lastHeardAt: number;
  report: HealthReport | null;
  /** Hub time (epoch ms) the report arrived; ages in the report are measured from it. */
  reportedAt: number | null;
  /** Hub times (epoch ms) of host restarts seen recently, for crash loops. */
  restarts: readonly number[];
}

export type ConditionDetail = Record<string, string | number | boolean | null>;

export interface Condition {
  ruleId: string;
  /** Device role, or '' for the kiosk as a whole. */
  device: string;
  detail: ConditionDetail;
}

export interface Evaluation {
  conditions: Condition[];
  /**
   * Rules whose conditions are known now. While a kiosk is offline its device states are
   * stale: their alerts neither rise nor clear until it is back.
   */
  evaluated: Set<string>;
}

const MINUTE = 60_000;

const deviceDetail = (d: ReportedDevice): ConditionDetail => ({ kind: d.kind, state: d.state, reason: d.reason ?? null, since: d.since });

const notWorking = (d: ReportedDevice) => d.state === 'error' || d.state === 'offline' || d.state === 'attention';

function deviceConditions(rule: AlertRule, devices: readonly ReportedDevice[]): Condition[] {
  const match = (test: (d: ReportedDevice) => boolean) =>
    devices.filter(test).map((d): Condition => ({ ruleId: rule.ruleId, device: d.role, detail: deviceDetail(d) }));
  switch (rule.params.kind) {
    case 'printer-paper': {
      const reasons = rule.params.includeNearEnd ? ['paper-out', 'paper-near-end'] : ['paper-out'];
      return match((d) => d.kind === 'receipt-printer' && d.reason !== undefined && reasons.includes(d.reason));
    }
    case 'printer-cover-open':
      return match((d) => d.kind === 'receipt-printer' && d.reason === 'cover-open');
    case 'card-reader-error':
      return match((d) => d.kind === 'card-reader' && notWorking(d));
    case 'id-reader-error':
      return match((d) => d.kind === 'id-reader' && notWorking(d));
    case 'dispenser-stock-low':
      return match((d) => d.reason === 'stock-low' || d.reason === 'stock-out');
    default:
      return [];
  }
}

function kioskCondition(rule: AlertRule, facts: KioskFacts, now: number): ConditionDetail | null {
  const { report, reportedAt } = facts;
  const params = rule.params;
  switch (params.kind) {
    case 'kiosk-offline': {
      const minutesSilent = Math.floor((now - facts.lastHeardAt) / MINUTE);
      return !facts.online && minutesSilent >= params.offlineMinutes ? { minutesOffline: minutesSilent, lastHeardAt: new Date(facts.lastHeardAt).toISOString() } : null;
    }
    case 'backlog-growing': {
      if (!report || reportedAt === null) return null;
      const { backlog, oldestPendingAt } = report.outbox;
      // The kiosk's clock may be off: the age is what the kiosk saw, plus time since it said so.
      const oldestMinutes = oldestPendingAt === null ? 0 : Math.floor((Date.parse(report.at) - Date.parse(oldestPendingAt) + (now - reportedAt)) / MINUTE);
      return backlog > params.maxItems || oldestMinutes >= params.maxOldestMinutes ? { backlog, oldestPendingMinutes: oldestMinutes } : null;
    }
    case 'crash-loop': {
      const recent = facts.restarts.filter((at) => now - at <= params.windowMinutes * MINUTE).length;
      return recent >= params.restarts ? { restarts: recent, windowMinutes: params.windowMinutes } : null;
    }
    case 'disk-almost-full': {
      const free = report?.host.diskFreeBytes;
      const total = report?.host.diskTotalBytes;
      if (free === null || free === undefined || !total) return null;
      const freePercent = Math.round((free / total) * 1000) / 10;
      return freePercent < params.minFreePercent ? { freePercent, freeBytes: free } : null;
    }
    default:
      return null;
  }
}

const KIOSK_LEVEL = new Set(['kiosk-offline', 'backlog-growing', 'crash-loop', 'disk-almost-full']);
/** Judged by the hub's own knowledge, so valid while the kiosk is offline. */
const HUB_SIDE = new Set(['kiosk-offline', 'crash-loop']);

export function evaluateRules(rules: readonly AlertRule[], facts: KioskFacts, now: number): Evaluation {
  const conditions: Condition[] = [];
  const evaluated = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (!facts.online && !HUB_SIDE.has(rule.params.kind)) continue;
    evaluated.add(rule.ruleId);
    if (KIOSK_LEVEL.has(rule.params.kind)) {
      const detail = kioskCondition(rule, facts, now);
      if (detail) conditions.push({ ruleId: rule.ruleId, device: '', detail });
    } else {
      conditions.push(...deviceConditions(rule, facts.report?.devices ?? []));
    }
  }
  return { conditions, evaluated };
}

/** Human-readable one-liner for logs and the webhook (the console translates from kind + detail). */
export function describeCondition(rule: AlertRule, condition: Condition): string {
  const where = condition.device ? ` (${condition.device})` : '';
  const reason = typeof condition.detail.reason === 'string' ? `: ${condition.detail.reason}` : '';
  return `${rule.params.kind}${where}${reason}`;
}
