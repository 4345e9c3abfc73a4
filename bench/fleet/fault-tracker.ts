// Which injected fault each observation belongs to, and the latencies that come out. A fault
// is known by its kiosk and its printer's `since` (health-messages.ts): the alert carries it in
// its detail, the fleet view in the device row, so a reload that shows the same kiosk's
// previous fault does not count for this one. Pure, so it is unit-tested.
import type { AlertNotice } from '../../protocol/fleet-alerts.js';
import type { FleetViewSnapshot } from './console-observer.js';
import { PRINTER_ROLE } from './health-messages.js';

export type Channel = 'socket' | 'poll';

export interface FaultRecord {
  kioskId: string;
  since: string;
  sentAt: number;
  /** When the raised alert arrived, per live channel (admin socket, operations long poll). */
  alertAt: Partial<Record<Channel, number>>;
  /** When a fleet view reload first showed the fault (device row and active alert), per console. */
  viewAt: Partial<Record<Channel, number>>;
}

const key = (kioskId: string, since: string) => `${kioskId}\u0000${since}`;

export class FaultTracker {
  readonly faults: FaultRecord[] = [];
  private readonly byKey = new Map<string, FaultRecord>();
  /**
   * Kiosks with a fault whose alert is not resolved yet (not faulted again until it is), with
   * that fault's `since`: the long poll brings a resolution late, after the kiosk may have
   * faulted again, and that must not free it.
   */
  private readonly busy = new Map<string, string>();
  /** Alert events of other kinds or for faults not injected here. */
  strays = 0;

  constructor(private readonly channels: readonly Channel[]) {}

  isBusy(kioskId: string): boolean {
    return this.busy.has(kioskId);
  }

  sent(kioskId: string, since: string, sentAt: number): FaultRecord {
    const record: FaultRecord = { kioskId, since, sentAt, alertAt: {}, viewAt: {} };
    this.faults.push(record);
    this.byKey.set(key(kioskId, since), record);
    this.busy.set(kioskId, since);
    return record;
  }

  notice(channel: Channel, notice: AlertNotice, at: number): void {
    const { alert } = notice;
    if (notice.event === 'alert.resolved' && alert.kind === 'printer-paper') {
      if (this.busy.get(alert.kioskId) === alert.detail.since) this.busy.delete(alert.kioskId);
      return;
    }
    if (notice.event !== 'alert.raised') return;
    const since = alert.detail.since;
    const record = alert.kind === 'printer-paper' && typeof since === 'string' ? this.byKey.get(key(alert.kioskId, since)) : undefined;
    if (!record) {
      this.strays += 1;
      return;
    }
    record.alertAt[channel] ??= at;
  }

  view(channel: Channel, snapshot: FleetViewSnapshot): void {
    const waiting = this.faults.filter((f) => f.viewAt[channel] === undefined && f.sentAt <= snapshot.askedAt);
    if (waiting.length === 0) return;
    const kiosks = new Map(snapshot.kiosks.map((k) => [k.kioskId, k]));
    const alerted = new Set(snapshot.alerts.filter((a) => a.kind === 'printer-paper' && typeof a.detail.since === 'string').map((a) => key(a.kioskId, a.detail.since as string)));
    for (const fault of waiting) {
      const printer = kiosks.get(fault.kioskId)?.devices.find((d) => d.role === PRINTER_ROLE);
      if (printer?.reason === 'paper-out' && printer.since === fault.since && alerted.has(key(fault.kioskId, fault.since))) fault.viewAt[channel] = snapshot.at;
    }
  }

  /** Every fault seen on every channel, both as an alert and in the view. */
  complete(): boolean {
    return this.faults.every((f) => this.channels.every((c) => f.alertAt[c] !== undefined && f.viewAt[c] !== undefined));
  }

  latencies(kind: 'alertAt' | 'viewAt', channel: Channel): number[] {
    return this.faults.flatMap((f) => (f[kind][channel] === undefined ? [] : [f[kind][channel]! - f.sentAt]));
  }

  missing(kind: 'alertAt' | 'viewAt', channel: Channel): number {
    return this.faults.filter((f) => f[kind][channel] === undefined).length;
  }
}
