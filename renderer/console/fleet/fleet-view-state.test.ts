import { describe, expect, it } from 'vitest';
import type { Alert, FleetKiosk } from '../../../protocol/fleet-alerts.js';
import { BranchRequests, withBranchKiosks, withNotice, type FleetViewData } from './fleet-view-state.js';

const alert = (alertId: string, state: Alert['state'], raisedAt = '2026-12-04T10:00:00.000Z'): Alert =>
  ({ alertId, state, kind: 'printer-paper', severity: 'warning', kioskId: 'K1', branchId: 'B1', device: 'receipt', raisedAt, detail: {} }) as unknown as Alert;
const kiosk = (kioskId: string, branchId: string | null, backlog = 0): FleetKiosk => ({ kioskId, branchId, backlog }) as unknown as FleetKiosk;
const view = (kiosks: FleetKiosk[], alerts: Alert[] = []): FleetViewData => ({ kiosks, alerts, at: 'then' });

describe('fleet view state', () => {
  it('adds a raised alert, replaces it when acknowledged, drops it when resolved', () => {
    const raised = withNotice(view([]), { event: 'alert.raised', alert: alert('a1', 'open') });
    expect(raised.alerts.map((a) => [a.alertId, a.state])).toEqual([['a1', 'open']]);
    const acknowledged = withNotice(raised, { event: 'alert.acknowledged', alert: alert('a1', 'acknowledged') });
    expect(acknowledged.alerts.map((a) => [a.alertId, a.state])).toEqual([['a1', 'acknowledged']]);
    expect(withNotice(acknowledged, { event: 'alert.resolved', alert: alert('a1', 'resolved') }).alerts).toEqual([]);
  });

  it('keeps open alerts before acknowledged ones, newest first', () => {
    let data = withNotice(view([]), { event: 'alert.acknowledged', alert: alert('old', 'acknowledged', '2026-12-04T09:00:00.000Z') });
    data = withNotice(data, { event: 'alert.raised', alert: alert('new', 'open', '2026-12-04T11:00:00.000Z') });
    data = withNotice(data, { event: 'alert.raised', alert: alert('mid', 'open', '2026-12-04T10:00:00.000Z') });
    expect(data.alerts.map((a) => a.alertId)).toEqual(['new', 'mid', 'old']);
  });

  it("replaces only that branch's kiosks, in place; a kiosk new to the branch goes last, one gone from it leaves", () => {
    const data = view([kiosk('K1', 'B1'), kiosk('K2', 'B2'), kiosk('K3', 'B1'), kiosk('K4', null)]);
    const next = withBranchKiosks(data, 'B1', [kiosk('K3', 'B1', 7), kiosk('K5', 'B1')], 'now');
    expect(next.kiosks.map((k) => [k.kioskId, k.backlog])).toEqual([['K2', 0], ['K3', 7], ['K4', 0], ['K5', 0]]);
    expect(next.at).toBe('now');
  });

  it('applies only the newest answer per branch', () => {
    const requests = new BranchRequests();
    const first = requests.ask('B1');
    const other = requests.ask('B2');
    const second = requests.ask('B1');
    expect(requests.isNewest('B1', first)).toBe(false);
    expect(requests.isNewest('B1', second)).toBe(true);
    expect(requests.isNewest('B2', other)).toBe(true);
  });
});
