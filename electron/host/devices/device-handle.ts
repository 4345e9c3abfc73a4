// What the worker holds per configured role: the driver behind a uniform face, so the
// worker and the supervisor never need to know a device class's own interface.
import type { WorkerError, WorkerHealth } from './worker-protocol.js';

export interface DeviceHandle {
  readonly role: string;
  health(): WorkerHealth;
  onHealth(cb: (health: WorkerHealth) => void): void;
  /** Driver events the host forwards (a card read, a scanned code, a document). */
  onEvent(cb: (name: string, payload: unknown) => void): void;
  open(): Promise<void>;
  call(method: string, args: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export class DeviceCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The OS error behind it (EACCES, ENOENT, …) when there was one. */
    readonly osCode?: string,
  ) {
    super(message);
    this.name = 'DeviceCallError';
  }

  toWire(): WorkerError {
    return { code: this.code, message: this.message, ...(this.osCode ? { osCode: this.osCode } : {}) };
  }
}
