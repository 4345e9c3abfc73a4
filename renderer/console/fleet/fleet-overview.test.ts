import { describe, expect, it } from 'vitest';
import { alertKindSchema, type Alert, type FleetKiosk } from '../../../protocol/fleet-alerts.js';
import { createConsoleI18n, translator } from '../i18n/console-i18n.js';
import { FleetApiError, FleetClient } from './fleet-client.js';
import { deviceLevel, fleetTotals, groupByBranch, sortAlerts } from './fleet-overview.js';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

const kiosk = (kioskId: string, branchId: string | null, online: boolean, devices: FleetKiosk['devices'] = [], backlog = 0): FleetKiosk => ({
  kioskId,
  branchId,
  name: null,
  version: '1.0.0',
  online,
  lastHeardAt: '2026-12-03T10:00:00.000Z',
  startedAt: null,
  devices,
  backlog,
  oldestPendingAt: null,
  lastSyncAt: null,
  diskFreeBytes: null,
  diskTotalBytes: null,
  memFreeBytes: null,
  memTotalBytes: null,
  uptimeSec: null,
  openAlerts: 0,
});
const since = '2026-12-03T09:00:00.000Z';

describe('fleet overview', () => {
  it('groups by branch (unknown branch last), offline kiosks first within a branch', () => {
    const groups = groupByBranch([kiosk('K2', 'B1', true), kiosk('K1', 'B1', false), kiosk('K9', null, true), kiosk('K3', 'A0', true)]);
    expect(groups.map((g) => [g.branchId, g.kiosks.map((k) => k.kioskId), g.online])).toEqual([
      ['A0', ['K3'], 1],
      ['B1', ['K1', 'K2'], 1],
      [null, ['K9'], 1],
    ]);
  });

  it('counts online/offline, device problems of online kiosks only, and the backlog', () => {
    const paperOut = { role: 'p', kind: 'receipt-printer', state: 'attention' as const, reason: 'paper-out', since };
    const ready = { role: 'c', kind: 'card-reader', state: 'ready' as const, since };
    expect(fleetTotals([kiosk('K1', 'B', true, [paperOut, ready], 3), kiosk('K2', 'B', false, [paperOut], 5)])).toEqual({ kiosks: 2, online: 1, offline: 1, deviceFaults: 1, backlog: 8 });
    expect(deviceLevel(ready)).toBe('ok');
    expect(deviceLevel(paperOut)).toBe('warn');
    expect(deviceLevel({ ...ready, state: 'offline', reason: 'disconnected' })).toBe('fault');
  });

  it('sorts alerts open before acknowledged, critical before warning, newest first', () => {
    const alert = (id: string, state: Alert['state'], severity: Alert['severity'], raisedAt: string): Alert => ({
      alertId: id, kioskId: 'K', branchId: null, ruleId: 'r', kind: 'printer-paper', severity, device: '', state, detail: {}, raisedAt,
      acknowledgedAt: null, acknowledgedBy: null, acknowledgedByName: null, resolvedAt: null, resolvedBy: null, resolvedByName: null,
    });
    const sorted = sortAlerts([alert('a', 'acknowledged', 'critical', '3'), alert('b', 'open', 'warning', '2'), alert('c', 'open', 'critical', '1'), alert('d', 'open', 'warning', '4')]);
    expect(sorted.map((a) => a.alertId)).toEqual(['c', 'd', 'b', 'a']);
  });
});

describe('fleet words', () => {
  type Tree = { [key: string]: string | Tree };
  const flat = (tree: Tree, prefix = ''): string[] => Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flat(v, `${prefix}${k}.`)));

  it('zh-CN and en have the same keys and a word for every alert kind', () => {
    expect(flat(zhCN).sort()).toEqual(flat(en).sort());
    for (const lang of ['en', 'zh-CN'] as const) {
      const t = translator(createConsoleI18n(), lang);
      for (const kind of alertKindSchema.options) expect(t(`fleet.kinds.${kind}`), kind).not.toBe(`fleet.kinds.${kind}`);
    }
    expect(translator(createConsoleI18n(), 'zh-CN')('fleet.kinds.printer-paper')).toBe('打印机缺纸');
  });
});

describe('FleetClient', () => {
  it('sends the bearer token, parses answers, and turns refusals into stable codes', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const answers: Response[] = [
      new Response(JSON.stringify({ at: since, kiosks: [kiosk('K1', 'B', true)] })),
      new Response('{}', { status: 409 }),
      new Response('{}', { status: 401 }),
    ];
    const client = new FleetClient('tok-123', (url, init) => {
      seen.push({ url, auth: new Headers(init?.headers).get('authorization') });
      return Promise.resolve(answers.shift() ?? new Response('', { status: 500 }));
    });
    expect((await client.kiosks()).map((k) => k.kioskId)).toEqual(['K1']);
    await expect(client.acknowledge('a1')).rejects.toMatchObject({ code: 'conflict' });
    await expect(client.activeAlerts()).rejects.toBeInstanceOf(FleetApiError);
    expect(seen.map((s) => s.url)).toEqual(['/v1/staff/fleet/kiosks', '/v1/staff/fleet/alerts/a1/acknowledge', '/v1/staff/fleet/alerts?state=active&limit=200']);
    expect(seen.every((s) => s.auth === 'Bearer tok-123')).toBe(true);
  });
});
