import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from './errors.js';
import { DispenserLinkDecoder, encodeFrame, type DispenserFrame } from './frame.js';
import { CARD_POSITIONS, COMMAND_KINDS, decodeCommand, decodeResponse, encodeCommand, encodeResponse, ERROR_CODES, STOCK_LEVELS, type DispenserErrorReason, type DispenserResponse } from './messages.js';

const frameOf = (bytes: Uint8Array): DispenserFrame => {
  const [item] = new DispenserLinkDecoder().push(bytes);
  if (!item || item.type !== 'frame') throw new Error('not a frame');
  return item;
};
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const body = (bytes: Uint8Array): string => String.fromCharCode(...frameOf(bytes).body);

const sensors = fc.record({ card: fc.constantFrom(...CARD_POSITIONS), stock: fc.constantFrom(...STOCK_LEVELS), captureBinFull: fc.boolean(), jam: fc.boolean(), coverOpen: fc.boolean() });
const response: fc.Arbitrary<DispenserResponse> = fc.oneof(
  fc.record({ kind: fc.constant('positive' as const), command: fc.constantFrom(...COMMAND_KINDS), sensors }),
  fc.record({
    kind: fc.constant('negative' as const),
    command: fc.constantFrom(...COMMAND_KINDS, 'unknown' as const),
    reason: fc.constantFrom(...(Object.keys(ERROR_CODES) as DispenserErrorReason[])),
    sensors,
  }),
);

describe('dispenser messages', () => {
  it('spells commands and answers as CRT-591-style ASCII bodies', () => {
    expect(body(encodeCommand({ kind: 'to-throat' }))).toBe('C20');
    expect(body(encodeCommand({ kind: 'to-read-position' }))).toBe('C21');
    expect(body(encodeResponse({ kind: 'positive', command: 'status', sensors: { card: 'throat', stock: 'low', captureBinFull: false, jam: false, coverOpen: true } }))).toBe('P1011001');
    expect(body(encodeResponse({ kind: 'negative', command: 'to-throat', reason: 'stock-empty', sensors: { card: 'none', stock: 'empty', captureBinFull: true, jam: false, coverOpen: false } }))).toBe('N201100100');
  });

  it('round trip: every command', () => {
    for (const kind of COMMAND_KINDS) expect(decodeCommand(frameOf(encodeCommand({ kind })))).toEqual({ kind });
  });

  it('round trip: any answer', () => {
    fc.assert(
      fc.property(response, (r) => {
        expect(decodeResponse(frameOf(encodeResponse(r)))).toEqual(r);
      }),
    );
  });

  it('any body decodes to a message or a typed error, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 14 }), fc.stringMatching(/^[CPN][0-9?]{0,10}$/).filter((s) => s.length > 0).map(ascii)), (b) => {
        const f = frameOf(encodeFrame(b));
        for (const decoded of [decodeCommand(f), decodeResponse(f)]) {
          if (isDecodeError(decoded)) expect(['UNKNOWN_MESSAGE', 'BAD_PAYLOAD']).toContain(decoded.code);
          else expect(decoded).toHaveProperty('kind');
        }
      }),
    );
  });

  it('names what is wrong: an unknown command, a malformed answer, sensors out of range', () => {
    expect(decodeCommand(frameOf(encodeFrame(ascii('C99'))))).toMatchObject({ code: 'UNKNOWN_MESSAGE' });
    expect(decodeCommand(frameOf(encodeFrame(ascii('P10'))))).toMatchObject({ code: 'UNKNOWN_MESSAGE' });
    expect(decodeResponse(frameOf(encodeFrame(ascii('P1031000'))))).toMatchObject({ code: 'BAD_PAYLOAD' });
    expect(decodeResponse(frameOf(encodeFrame(ascii('P10200')))))
      .toMatchObject({ code: 'BAD_PAYLOAD' });
    expect(decodeResponse(frameOf(encodeFrame(ascii('N2077000000'))))).toMatchObject({ code: 'BAD_PAYLOAD' });
    expect(decodeResponse(frameOf(encodeFrame(ascii('C10'))))).toMatchObject({ code: 'UNKNOWN_MESSAGE' });
  });
});
