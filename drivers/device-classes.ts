// Device class interfaces (DESIGN.md §4): what the device manager and host services see,
// whatever dialect or transport sits underneath.
import type { ReceiptDocument } from './escpos/codec/document.js';

export type HealthState = 'offline' | 'ready' | 'busy' | 'attention' | 'error';

export interface DeviceHealthEvent<Reason extends string = string> {
  state: HealthState;
  /** Why the device is not simply ready, e.g. 'paper-out'; absent when ready or busy. */
  reason?: Reason;
  /** ISO timestamp of the change into this state. */
  since: string;
}

export type PrinterHealthReason =
  // attention: a person can fix it at the kiosk
  | 'paper-near-end'
  | 'paper-out'
  | 'cover-open'
  | 'printer-offline'
  // error: needs a technician (or a power cycle)
  | 'cutter-error'
  | 'unrecoverable-error'
  | 'recoverable-error'
  // offline: no link, or the printer does not answer
  | 'disconnected'
  | 'no-response';

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  error: null | 'cutter' | 'unrecoverable' | 'recoverable';
}

export type PrinterErrorCode =
  | 'PRINTER_NOT_READY'
  | 'PAPER_OUT'
  | 'COVER_OPEN'
  | 'OFFLINE'
  | 'TIMEOUT'
  | 'IO'
  | 'INVALID_DOCUMENT';

/** Thrown when nothing was printed; the code is stable and crosses the bridge as {code, message}. */
export class PrinterError extends Error {
  override readonly name = 'PrinterError';
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type PrintResult =
  | { printed: true; jobId: string; byteLength: number; status: PrinterStatus }
  /**
   * The job was sent but did not finish (paper ran out, cover opened, link lost): part of it
   * may be on paper. Reported, not thrown, so the caller can reprint.
   */
  | {
      printed: false;
      interrupted: true;
      code: Exclude<PrinterErrorCode, 'INVALID_DOCUMENT'>;
      message: string;
      jobId: string;
      byteLength: number;
      status: PrinterStatus | null;
    };

export interface ReceiptPrinter {
  readonly description: string;
  readonly health: DeviceHealthEvent<PrinterHealthReason>;
  onHealth(cb: (event: DeviceHealthEvent<PrinterHealthReason>) => void): () => void;
  /** Opens the link and reads the status; rejects with PrinterError('OFFLINE') if unreachable. */
  open(): Promise<void>;
  /** Stops polling and releases the link. */
  close(): Promise<void>;
  /** Rejects with PrinterError ('TIMEOUT' | 'OFFLINE' | 'IO'). */
  getStatus(): Promise<PrinterStatus>;
  /**
   * Rejects with PrinterError when nothing was printed (not ready, invalid document);
   * resolves {printed:false, interrupted:true} when the job was cut short.
   */
  print(doc: ReceiptDocument): Promise<PrintResult>;
}
