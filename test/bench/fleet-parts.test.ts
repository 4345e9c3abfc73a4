// The fleet benchmark's pure parts (bench/fleet/): what the simulated kiosks send must stay
// what the hub accepts (parsed with the protocol's schemas, and what the alert rules see as a
// paper-out), the fault bookkeeping must match alerts and views to the right fault, and the
// statistics must be right — so the benchmark cannot drift from the protocol unnoticed.
import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../hub/fleet/alert-rules.js';
import { kioskMessageSchema } from '../../protocol/assist-signaling.js';
import type { Alert, AlertNotice, AlertRule, FleetKiosk } from '../../protocol/fleet-alerts.js';
import { alertNoticeSchema } from '../../protocol/fleet-alerts.js';
import { healthReportSchema } from '../../protocol/fleet-health.js';
import type { FleetViewSnapshot } from '../../bench/fleet/console-observer.js';
import { FaultTracker } from '../../bench/fleet/fault-tracker.js';
import { healthMessage, healthReport, PRINTER_ROLE } from '../../bench/fleet/health-messages.js';
import { cpuPercent, summarize } from '../../bench/fleet/stats.js';

const started = '2026-12-04T10:00:00.000Z';
const paperRule: AlertRule = { ruleId: 'printer-paper', enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'printer-paper', includeNearEnd: false } };

describe('simulated kiosk messages', () => {
  it('healthy and paper-out reports parse as the kiosk protocol, and only paper-out meets the printer-paper rule', () => {
    const at = new Date('2026-12-04T10:05:00.000Z');
    const ok = healthMessage(healthReport({ startedAt: started, readySince: started, printer: { state: 'ok', since: started }, at, uptimeSec: 300 }));
    const out = healthMessage(healthReport({ startedAt: started, readySince: started, printer: { state: 'paper-out', since: '2026-12-04T10:04:59.123Z' }, at, uptimeSec: 300 }));
    for (const message of [ok, out]) {
      expect(kioskMessageSchema.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
      expect(healthReportSchema.safeParse(message.report).success).toBe(true);
    }
    const facts = (report: typeof ok.report) => ({ kioskId: 'CAP-000001', online: true, lastHeardAt: at.getTime(), report, reportedAt: at.getTime(), restarts: [] });
    expect(evaluateRules([paperRule], facts(ok.report), at.getTime()).conditions).toEqual([]);
    const conditions = evaluateRules([paperRule], facts(out.report), at.getTime()).conditions;
    expect(conditions).toEqual([{ ruleId: 'printer-paper', device: PRINTER_ROLE, detail: { kind: 'receipt-printer', state: 'attention', reason: 'paper-out', since: '2026-12-04T10:04:59.123Z' } }]);
  });
});

function alertOf(kioskId: string, since: string, state: Alert['state'] = 'open'): Alert {
  return {
    alertId: '0193a1b2-0000-7000-8000-000000000001',
    kioskId,
    branchId: 'BR-0',
    ruleId: 'printer-paper',
    kind: 'printer-paper',
    severity: 'warning',
    device: PRINTER_ROLE,
    state,
    detail: { kind: 'receipt-printer', state: 'attention', reason: 'paper-out', since },
    raisedAt: since,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    resolvedAt: null,
    resolvedBy: null,
    resolvedByName: null,
  };
}

function kioskRow(kioskId: string, since: string, out: boolean): FleetKiosk {
  return {
    kioskId,
    branchId: 'BR-0',
    name: null,
    version: '1.0.0-bench',
    online: true,
    lastHeardAt: since,
    startedAt: started,
    devices: [out ? { role: PRINTER_ROLE, kind: 'receipt-printer', state: 'attention', reason: 'paper-out', since } : { role: PRINTER_ROLE, kind: 'receipt-printer', state: 'ready', since }],
    backlog: 0,
    oldestPendingAt: null,
    lastSyncAt: null,
    diskFreeBytes: null,
    diskTotalBytes: null,
    memFreeBytes: null,
    memTotalBytes: null,
    uptimeSec: null,
    openAlerts: out ? 1 : 0,
  };
}

const snapshot = (askedAt: number, at: number, kiosks: FleetKiosk[], alerts: Alert[]): FleetViewSnapshot => ({ kiosks, alerts, askedAt, at });

describe('fault tracker', () => {
  it('matches an alert and a view to the fault by kiosk and printer since, per channel', () => {
    const t = new FaultTracker(['socket', 'poll']);
    const first = '2026-12-04T10:00:01.000Z';
    const second = '2026-12-04T10:00:09.000Z';
    t.sent('K1', first, 100);
    expect(t.isBusy('K1')).toBe(true);
    const raised: AlertNotice = alertNoticeSchema.parse({ event: 'alert.raised', alert: alertOf('K1', first) });
    t.notice('socket', raised, 130);
    t.notice('socket', raised, 150); // the first arrival counts
    t.notice('poll', { event: 'alert.raised', alert: alertOf('K9', first) }, 140);
    expect(t.strays).toBe(1);
    // A reload asked before the fault was sent does not count, even if it shows it.
    t.view('socket', snapshot(90, 160, [kioskRow('K1', first, true)], [alertOf('K1', first)]));
    // The printer row without its alert is not the view updated yet.
    t.view('socket', snapshot(120, 170, [kioskRow('K1', first, true)], []));
    t.view('socket', snapshot(135, 180, [kioskRow('K1', first, true)], [alertOf('K1', first)]));
    expect(t.latencies('alertAt', 'socket')).toEqual([30]);
    expect(t.latencies('viewAt', 'socket')).toEqual([80]);
    expect(t.missing('alertAt', 'poll')).toBe(1);
    expect(t.complete()).toBe(false);

    // Resolved: the kiosk may fault again; a view still showing the first fault is not the second.
    t.notice('socket', { event: 'alert.resolved', alert: { ...alertOf('K1', first, 'resolved'), resolvedAt: first, resolvedBy: 'auto' } }, 400);
    expect(t.isBusy('K1')).toBe(false);
    t.sent('K1', second, 500);
    // The same resolution arriving late by the long poll does not free the kiosk's new fault.
    t.notice('poll', { event: 'alert.resolved', alert: { ...alertOf('K1', first, 'resolved'), resolvedAt: first, resolvedBy: 'auto' } }, 505);
    expect(t.isBusy('K1')).toBe(true);
    t.view('poll', snapshot(510, 520, [kioskRow('K1', first, true)], [alertOf('K1', first)]));
    expect(t.faults[1]!.viewAt.poll).toBeUndefined();
    t.view('poll', snapshot(530, 560, [kioskRow('K1', second, true)], [alertOf('K1', second)]));
    expect(t.faults[1]!.viewAt.poll).toBe(560);
    // The first fault, never seen on the poll channel before, is shown only by the older reload.
    expect(t.faults[0]!.viewAt.poll).toBe(520);
  });
});

describe('statistics', () => {
  it('nearest-rank percentiles of unsorted samples, and an empty set', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(summarize(samples)).toEqual({ n: 100, p50: 51, p95: 96, p99: 100, max: 100 });
    expect(summarize([])).toEqual({ n: 0, p50: null, p95: null, p99: null, max: null });
    expect(summarize([12.345])).toEqual({ n: 1, p50: 12.3, p95: 12.3, p99: 12.3, max: 12.3 });
  });

  it('CPU share of one core from cpuUsage deltas', () => {
    expect(cpuPercent({ user: 0, system: 0 }, { user: 1_500_000, system: 500_000 }, 4_000)).toBe(50);
    expect(cpuPercent({ user: 0, system: 0 }, { user: 1, system: 0 }, 0)).toBe(0);
  });
});
