// The fleet at a glance, computed from the hub's kiosk list: kiosks grouped by branch, the
// counts a supervisor reads first, and one health level per device for its icon. Pure.
import type { Alert, FleetKiosk } from '../../../protocol/fleet-alerts.js';
import type { ReportedDevice } from '../../../protocol/fleet-health.js';

/** ok: ready or busy; warn: a person at the branch can fix it; fault: needs a technician or is gone. */
export type DeviceLevel = 'ok' | 'warn' | 'fault';

export function deviceLevel(device: ReportedDevice): DeviceLevel {
  if (device.state === 'ready' || device.state === 'busy') return 'ok';
  return device.state === 'attention' ? 'warn' : 'fault';
}

export interface BranchGroup {
  /** null: kiosks the hub has not seen register with a branch yet. */
  branchId: string | null;
  kiosks: FleetKiosk[];
  online: number;
}

export interface FleetTotals {
  kiosks: number;
  online: number;
  offline: number;
  deviceFaults: number;
  backlog: number;
}

export function groupByBranch(kiosks: readonly FleetKiosk[]): BranchGroup[] {
  const groups = new Map<string | null, FleetKiosk[]>();
  for (const kiosk of kiosks) groups.set(kiosk.branchId, [...(groups.get(kiosk.branchId) ?? []), kiosk]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([branchId, list]) => ({
      branchId,
      // Offline first, then by id: what needs attention is at the top of each branch.
      kiosks: [...list].sort((x, y) => Number(x.online) - Number(y.online) || x.kioskId.localeCompare(y.kioskId)),
      online: list.filter((k) => k.online).length,
    }));
}

export function fleetTotals(kiosks: readonly FleetKiosk[]): FleetTotals {
  let online = 0;
  let deviceFaults = 0;
  let backlog = 0;
  for (const kiosk of kiosks) {
    if (kiosk.online) online += 1;
    if (kiosk.online) deviceFaults += kiosk.devices.filter((d) => deviceLevel(d) !== 'ok').length;
    backlog += kiosk.backlog;
  }
  return { kiosks: kiosks.length, online, offline: kiosks.length - online, deviceFaults, backlog };
}

/** Open before acknowledged, critical before warning, newest first. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  const rank = (a: Alert) => (a.state === 'open' ? 0 : 2) + (a.severity === 'critical' ? 0 : 1);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || b.raisedAt.localeCompare(a.raisedAt));
}
