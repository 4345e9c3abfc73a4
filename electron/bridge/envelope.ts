// The bridge's result envelope and error codes without zod: the page's first chunk needs them
// (its client, its socket transport, its error messages) but not the contract's schemas, which
// it would otherwise build in full before it paints (cold start). contract.ts builds its zod
// schemas from the same lists, so the two cannot drift; envelope.test.ts checks both agree.

/** Stable error codes shared by host and page; the page translates them. */
export const BRIDGE_ERROR_CODES = [
  'UNKNOWN_METHOD',
  'BAD_REQUEST',
  'BAD_RESPONSE',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'DEVICE_UNAVAILABLE',
  'PRINTER_NOT_READY',
  'OFFLINE_NOT_ALLOWED',
  'STORAGE_FULL',
  'INTERNAL',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/** Why a ticket or receipt did not print; the page tells the customer in their language. */
export const PRINT_FAILURE_CODES = ['PAPER_OUT', 'COVER_OPEN', 'OFFLINE', 'TIMEOUT', 'IO', 'PRINTER_NOT_READY', 'DEVICE_UNAVAILABLE'] as const;
export type PrintFailureCode = (typeof PRINT_FAILURE_CODES)[number];

export interface BridgeErrorPayload {
  code: BridgeErrorCode;
  message: string;
}

/** Result envelope used by both transports; errors never cross as thrown exceptions. */
export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: BridgeErrorPayload };

export function isBridgeErrorCode(code: unknown): code is BridgeErrorCode {
  return (BRIDGE_ERROR_CODES as readonly unknown[]).includes(code);
}

export function isPrintFailureCode(code: unknown): code is PrintFailureCode {
  return (PRINT_FAILURE_CODES as readonly unknown[]).includes(code);
}

/**
 * The envelope in a frame the page received, or null when it is not one: what
 * contract.ts's envelopeSchema accepts (`result` present, anything; an error has a known code
 * and a string message), returned without any other key the frame carried.
 */
export function parseEnvelope(raw: unknown): Envelope | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const frame = raw as Record<string, unknown>;
  if (frame.ok === true) return 'result' in frame ? { ok: true, result: frame.result } : null;
  if (frame.ok !== false || typeof frame.error !== 'object' || frame.error === null) return null;
  const error = frame.error as Record<string, unknown>;
  if (!isBridgeErrorCode(error.code) || typeof error.message !== 'string') return null;
  return { ok: false, error: { code: error.code, message: error.message } };
}

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}
