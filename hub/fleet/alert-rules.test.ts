import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../protocol/fleet-alerts.js';
import type { HealthReport, ReportedDevice } from '../../protocol/fleet-health.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { evaluateRules, type KioskFacts } from './alert-rules.js';

const rule = (params: AlertRule['params'], extra: Partial<AlertRule> = {}): AlertRule => ({ ruleId: params.kind, enabled: true, severity: 'warning', holdDownSec: 0, params, ...extra });

const RULES: AlertRule[] = [
  rule({ kind: 'kiosk-offline', offlineMinutes: 5 }),
  rule({ kind: 'printer-paper', includeNearEnd: false }),
  rule({ kind: 'printer-cover-open' }),
  rule({ kind: 'card-reader-error' }),
  rule({ kind: 'id-reader-error' }),
  rule({ kind: 'dispenser-stock-low' }),
  rule({ kind: 'backlog-growing', maxItems: 100, maxOldestMinutes: 30 }),
  rule({ kind: 'crash-loop', restarts: 3, windowMinutes: 10 }),
  rule({ kind: 'disk-almost-full', minFreePercent: 10 }),
];

const device = (role: string, kind: string, state: ReportedDevice['state'], reason?: string): ReportedDevice => ({ role, kind, state, since: '2026-11-23T08:00:00.000Z', ...(reason ? { reason } : {}) });

function facts(clock: FakeClock, change: { devices?: ReportedDevice[]; outbox?: Partial<HealthReport['outbox']>; disk?: [number, number]; online?: boolean; lastHeardAgoMs?: number; restarts?: number[] } = {}): KioskFacts {
  const now = clock.now();
  const report: HealthReport = {
    version: '1.0.0',
    startedAt: '2026-11-23T08:00:00.000Z',
    at: new Date(now).toISOString(),
    devices: change.devices ?? [device('printer', 'receipt-printer', 'ready')],
    outbox: { backlog: 0, oldestPendingAt: null, lastSyncAt: null, rejected: 0, ...change.outbox },
    host: { diskFreeBytes: change.disk?.[0] ?? 50, diskTotalBytes: change.disk?.[1] ?? 100, memFreeBytes: 1, memTotalBytes: 2, uptimeSec: 1 },
  };
  return { kioskId: 'K01', online: change.online ?? true, lastHeardAt: now - (change.lastHeardAgoMs ?? 0), report, reportedAt: now, restarts: change.restarts ?? [] };
}

const ids = (e: ReturnType<typeof evaluateRules>) => e.conditions.map((c) => `${c.ruleId}:${c.device}`).sort();

describe('evaluateRules', () => {
  it('a healthy online kiosk holds no condition, and every enabled rule counts as evaluated', () => {
    const clock = new FakeClock();
    const result = evaluateRules(RULES, facts(clock), clock.now());
    expect(result.conditions).toEqual([]);
    expect(result.evaluated.size).toBe(RULES.length);
  });

  it('maps device states to their rules, one condition per device', () => {
    const clock = new FakeClock();
    const devices = [
      device('printer', 'receipt-printer', 'attention', 'paper-out'),
      device('printer2', 'receipt-printer', 'attention', 'cover-open'),
      device('card', 'card-reader', 'error', 'reader-error'),
      device('id', 'id-reader', 'offline', 'disconnected'),
      device('dispenser', 'card-dispenser', 'attention', 'stock-low'),
      device('scanner', 'barcode-scanner', 'offline', 'disconnected'),
    ];
    expect(ids(evaluateRules(RULES, facts(clock, { devices }), clock.now()))).toEqual([
      'card-reader-error:card',
      'dispenser-stock-low:dispenser',
      'id-reader-error:id',
      'printer-cover-open:printer2',
      'printer-paper:printer',
    ]);
  });

  it('paper-near-end raises only when the rule includes it', () => {
    const clock = new FakeClock();
    const f = facts(clock, { devices: [device('printer', 'receipt-printer', 'attention', 'paper-near-end')] });
    expect(evaluateRules(RULES, f, clock.now()).conditions).toEqual([]);
    const nearEnd = [rule({ kind: 'printer-paper', includeNearEnd: true })];
    expect(ids(evaluateRules(nearEnd, f, clock.now()))).toEqual(['printer-paper:printer']);
  });

  it('offline: due only after N minutes of silence, and device rules are left alone while it is silent', () => {
    const clock = new FakeClock();
    const paperOut = [device('printer', 'receipt-printer', 'attention', 'paper-out')];
    const early = evaluateRules(RULES, facts(clock, { online: false, lastHeardAgoMs: 4 * 60_000 + 59_000, devices: paperOut }), clock.now());
    expect(early.conditions).toEqual([]);
    expect(early.evaluated.has('printer-paper')).toBe(false);
    expect(early.evaluated.has('kiosk-offline')).toBe(true);
    const late = evaluateRules(RULES, facts(clock, { online: false, lastHeardAgoMs: 5 * 60_000, devices: paperOut }), clock.now());
    expect(late.conditions).toEqual([{ ruleId: 'kiosk-offline', device: '', detail: expect.objectContaining({ minutesOffline: 5 }) }]);
  });

  it('backlog: by count, or by the age of the oldest item growing with the hub clock after the report', () => {
    const clock = new FakeClock();
    expect(ids(evaluateRules(RULES, facts(clock, { outbox: { backlog: 101 } }), clock.now()))).toEqual(['backlog-growing:']);
    const oldest = new Date(clock.now() - 29 * 60_000).toISOString();
    const f = facts(clock, { outbox: { backlog: 5, oldestPendingAt: oldest } });
    expect(evaluateRules(RULES, f, clock.now()).conditions).toEqual([]);
    clock.advance(60_000);
    expect(ids(evaluateRules(RULES, f, clock.now()))).toEqual(['backlog-growing:']);
  });

  it('crash loop: N restarts inside the window; older ones do not count', () => {
    const clock = new FakeClock();
    const now = clock.now();
    expect(evaluateRules(RULES, facts(clock, { restarts: [now - 11 * 60_000, now - 2 * 60_000, now] }), now).conditions).toEqual([]);
    expect(ids(evaluateRules(RULES, facts(clock, { restarts: [now - 9 * 60_000, now - 2 * 60_000, now] }), now))).toEqual(['crash-loop:']);
  });

  it('disk: below the free percentage; unknown disk raises nothing', () => {
    const clock = new FakeClock();
    expect(ids(evaluateRules(RULES, facts(clock, { disk: [9, 100] }), clock.now()))).toEqual(['disk-almost-full:']);
    expect(evaluateRules(RULES, facts(clock, { disk: [10, 100] }), clock.now()).conditions).toEqual([]);
  });

  it('a disabled rule is neither raised nor evaluated (its open alerts resolve as rule gone)', () => {
    const clock = new FakeClock();
    const rules = RULES.map((r) => (r.ruleId === 'disk-almost-full' ? { ...r, enabled: false } : r));
    const result = evaluateRules(rules, facts(clock, { disk: [1, 100] }), clock.now());
    expect(result.conditions).toEqual([]);
    expect(result.evaluated.has('disk-almost-full')).toBe(false);
  });
});
