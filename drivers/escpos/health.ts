// Health policy: how a status maps to a health state and to a refusal, and the one setter
// through which the state changes (logged old → new, emitted once per change).
import { PrinterError, type DeviceHealthEvent, type HealthState, type PrinterErrorCode, type PrinterHealthReason, type PrinterStatus } from '../device-classes.js';
import { createListeners } from '../shared/listeners.js';
import type { DriverLogger } from '../shared/logger.js';

export type PrinterHealth = DeviceHealthEvent<PrinterHealthReason>;

export function healthFor(s: PrinterStatus): { state: HealthState; reason?: PrinterHealthReason } {
  if (s.error === 'unrecoverable') return { state: 'error', reason: 'unrecoverable-error' };
  if (s.error === 'cutter') return { state: 'error', reason: 'cutter-error' };
  // Cover and paper come before recoverable errors: opening the cover mid-job raises one,
  // and the person at the kiosk needs to know about the cover, not the error.
  if (s.coverOpen) return { state: 'attention', reason: 'cover-open' };
  if (s.paperOut) return { state: 'attention', reason: 'paper-out' };
  if (s.error === 'recoverable') return { state: 'error', reason: 'recoverable-error' };
  if (!s.online) return { state: 'attention', reason: 'printer-offline' };
  if (s.paperNearEnd) return { state: 'attention', reason: 'paper-near-end' };
  return { state: 'ready' };
}

/** Why a job must not start in this status, or null. Paper near end still prints. */
export function refusalFor(s: PrinterStatus): PrinterError | null {
  const refuse = (code: PrinterErrorCode, message: string): PrinterError => new PrinterError(code, message);
  if (s.coverOpen) return refuse('COVER_OPEN', 'the printer cover is open');
  if (s.paperOut) return refuse('PAPER_OUT', 'the printer is out of paper');
  if (s.error) return refuse('PRINTER_NOT_READY', `the printer reports a ${s.error} error`);
  if (!s.online) return refuse('OFFLINE', 'the printer is offline');
  return null;
}

export interface HealthMachine {
  readonly current: PrinterHealth;
  set(state: HealthState, reason?: PrinterHealthReason): void;
  onChange(cb: (e: PrinterHealth) => void): () => void;
}

export function createHealthMachine(log: DriverLogger, device: string, now: () => Date = () => new Date()): HealthMachine {
  const listeners = createListeners<PrinterHealth>();
  let current: PrinterHealth = { state: 'offline', reason: 'disconnected', since: now().toISOString() };
  return {
    get current() {
      return current;
    },
    set(state, reason) {
      if (state === current.state && reason === current.reason) return;
      const next: PrinterHealth = reason ? { state, reason, since: now().toISOString() } : { state, since: now().toISOString() };
      log.info({ device, from: current.state, fromReason: current.reason, to: state, reason }, 'printer health changed');
      current = next;
      listeners.emit(next);
    },
    onChange: (cb) => listeners.add(cb),
  };
}
