// What a simulated kiosk says on its signaling socket: the `health.report` message a kiosk
// host sends (electron/host/fleet/health-facts.node.ts builds the same shape from real
// devices). Pure, so the unit test can parse every shape with the protocol's schemas.
import type { KioskMessage } from '../../protocol/assist-signaling.js';
import type { HealthReport, ReportedDevice } from '../../protocol/fleet-health.js';

export const BENCH_VERSION = '1.0.0-bench';
/** The printer's role: the device the injected faults are about. */
export const PRINTER_ROLE = 'printer';

export type PrinterState = { state: 'ok'; since: string } | { state: 'paper-out'; since: string };

/**
 * A healthy kiosk of a branch: receipt printer, card reader, barcode scanner. `printer.since`
 * is when the printer's state began: each fault gets its own, which is how the benchmark tells
 * one fault's alert and view row from an earlier one's on the same kiosk.
 */
export function healthReport(opts: { startedAt: string; readySince: string; printer: PrinterState; at: Date; uptimeSec: number }): HealthReport {
  const printer: ReportedDevice =
    opts.printer.state === 'ok'
      ? { role: PRINTER_ROLE, kind: 'receipt-printer', state: 'ready', since: opts.printer.since }
      : { role: PRINTER_ROLE, kind: 'receipt-printer', state: 'attention', reason: 'paper-out', since: opts.printer.since };
  return {
    version: BENCH_VERSION,
    startedAt: opts.startedAt,
    at: opts.at.toISOString(),
    devices: [printer, { role: 'card', kind: 'card-reader', state: 'ready', since: opts.readySince }, { role: 'scanner', kind: 'barcode-scanner', state: 'ready', since: opts.readySince }],
    outbox: { backlog: 0, oldestPendingAt: null, lastSyncAt: opts.at.toISOString(), rejected: 0 },
    host: { diskFreeBytes: 40e9, diskTotalBytes: 64e9, memFreeBytes: 2e9, memTotalBytes: 4e9, uptimeSec: opts.uptimeSec },
  };
}

export function healthMessage(report: HealthReport): Extract<KioskMessage, { type: 'health.report' }> {
  return { type: 'health.report', report };
}
