// The byte pipe every driver sits on (DESIGN.md §4): it moves bytes and reports connect and
// disconnect; it knows nothing about the protocol spoken over it.
export type TransportState = 'open' | 'closed';

export interface ByteTransport {
  /** Human-readable endpoint for logs and health events, e.g. "tcp://10.0.0.5:9100". */
  readonly description: string;
  /** Current state; starts 'closed'. */
  readonly state: TransportState;
  /** Opens the link; rejects with a TransportError. Calling it while open is a no-op. */
  open(): Promise<void>;
  /** Resolves once the bytes are handed to the OS; rejects with a TransportError. */
  write(bytes: Uint8Array): Promise<void>;
  onData(cb: (bytes: Uint8Array) => void): () => void;
  /** Fires on every change, including a peer hang-up or an unplugged cable. */
  onState(cb: (state: TransportState) => void): () => void;
  /** Idempotent; resolves once the link is released. */
  close(): Promise<void>;
}

export type TransportErrorCode = 'CONNECT_TIMEOUT' | 'CONNECT_FAILED' | 'NOT_OPEN' | 'WRITE_FAILED';

/** The operating system's side of a failure, e.g. EACCES on open(/dev/ttyUSB0). */
export interface TransportOsError {
  osCode: string;
  errno?: number;
  syscall?: string;
  /** What a technician does about it, e.g. "add the kiosk user to the dialout group …". */
  hint?: string;
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly osCode?: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly hint?: string;
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown; os?: TransportOsError | null },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    const os = options?.os;
    if (os) {
      this.osCode = os.osCode;
      if (os.errno !== undefined) this.errno = os.errno;
      if (os.syscall !== undefined) this.syscall = os.syscall;
      if (os.hint !== undefined) this.hint = os.hint;
    }
  }
}
