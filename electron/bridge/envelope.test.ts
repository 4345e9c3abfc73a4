// The page's zod-free envelope check must accept exactly what the contract's schema accepts.
import { describe, expect, it } from 'vitest';
import { envelopeSchema, errorCodeSchema, printFailureCodeSchema } from './contract.js';
import { BRIDGE_ERROR_CODES, isBridgeErrorCode, isPrintFailureCode, parseEnvelope, PRINT_FAILURE_CODES } from './envelope.js';

const frames: unknown[] = [
  { ok: true, result: { a: 1 } },
  { ok: true, result: null },
  { ok: true, result: 0, extra: 'dropped' },
  { ok: true },
  { ok: false, error: { code: 'NOT_FOUND', message: 'no such ticket' } },
  { ok: false, error: { code: 'NOT_FOUND', message: 'x', detail: 'dropped' }, extra: 1 },
  { ok: false, error: { code: 'NO_SUCH_CODE', message: 'x' } },
  { ok: false, error: { code: 'INTERNAL' } },
  { ok: false, error: null },
  { ok: false },
  { ok: 'yes', result: 1 },
  { result: 1 },
  null,
  'ok',
  [true],
];

describe('parseEnvelope', () => {
  it.each(frames.map((frame) => [JSON.stringify(frame), frame]))('agrees with envelopeSchema on %s', (_name, frame) => {
    const parsed = envelopeSchema.safeParse(frame);
    expect(parseEnvelope(frame)).toEqual(parsed.success ? parsed.data : null);
  });
});

describe('error code lists', () => {
  it('are the contract enums', () => {
    expect(errorCodeSchema.options).toEqual([...BRIDGE_ERROR_CODES]);
    expect(printFailureCodeSchema.options).toEqual([...PRINT_FAILURE_CODES]);
    expect(isBridgeErrorCode('STORAGE_FULL')).toBe(true);
    expect(isBridgeErrorCode('PAPER_OUT')).toBe(false);
    expect(isPrintFailureCode('PAPER_OUT')).toBe(true);
    expect(isPrintFailureCode(undefined)).toBe(false);
  });
});
