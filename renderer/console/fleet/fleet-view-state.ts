// The fleet view kept current between full reloads: an alert event carries the whole alert, so
// the view takes it as it comes and asks the hub again only for the kiosks of that alert's
// branch (a handful of rows) instead of the whole fleet (at 2,000 kiosks ~1.3 MB and ~0.5 s per
// reload under load, once per event). Shared by FleetView and the fleet benchmark. Pure.
import type { Alert, AlertNotice, FleetKiosk } from '../../../protocol/fleet-alerts.js';
import { sortAlerts } from './fleet-overview.js';

export interface FleetViewData {
  kiosks: FleetKiosk[];
  /** Unresolved alerts, in the order the view lists them. */
  alerts: Alert[];
  at: string;
}

/** The view after `notice`: its alert added or replaced, and gone once resolved. */
export function withNotice(data: FleetViewData, notice: AlertNotice): FleetViewData {
  const others = data.alerts.filter((a) => a.alertId !== notice.alert.alertId);
  const alerts = notice.alert.state === 'resolved' ? others : sortAlerts([...others, notice.alert]);
  return { ...data, alerts };
}

/** The view with `branchId`'s kiosks replaced by `kiosks` (the hub's answer for that branch). */
export function withBranchKiosks(data: FleetViewData, branchId: string, kiosks: readonly FleetKiosk[], at: string): FleetViewData {
  const fresh = new Map(kiosks.map((k) => [k.kioskId, k]));
  // Kept in place so rows do not jump; a kiosk new to the branch goes at the end.
  const merged = data.kiosks.filter((k) => k.branchId !== branchId || fresh.has(k.kioskId)).map((k) => fresh.get(k.kioskId) ?? k);
  const known = new Set(merged.map((k) => k.kioskId));
  return { ...data, kiosks: [...merged, ...kiosks.filter((k) => !known.has(k.kioskId))], at };
}

/**
 * Answers for one branch may come back out of order (two events close together): only the
 * answer to the newest request for a branch is applied.
 */
export class BranchRequests {
  private readonly newest = new Map<string, number>();
  private seq = 0;

  /** A ticket for a request about `branchId`. */
  ask(branchId: string): number {
    this.seq += 1;
    this.newest.set(branchId, this.seq);
    return this.seq;
  }

  isNewest(branchId: string, ticket: number): boolean {
    return this.newest.get(branchId) === ticket;
  }
}
