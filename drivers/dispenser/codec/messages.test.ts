import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from './errors.js';
import { DispenserLinkDecoder, encodeFrame, type DispenserFrame } from './frame.js';
import { CARD_POSITIONS, COMMAND_KINDS, decodeCommand, decodeResponse, encodeCommand, encodeResponse, ERROR_CODES, SENSOR_COMMAND_KINDS, STOCK_LEVELS, type DispenserErrorReason, type DispenserResponse } from './messages.js';

const frameOf = (bytes: Uint8Array): DispenserFrame => {
  const [item] = new DispenserLinkDecoder().push(bytes);
  if (!item || item.type !== 'frame') throw new Error('not a frame');
  return item;
};
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const body = (bytes: Uint8Array): string => String.fromCharCode(...frameOf(bytes).body);

const sensors = fc.record({ card: fc.constantFrom(...CARD_POSITIONS), stock: fc.constantFrom(...STOCK_LEVELS), captureBinFull: fc.boolean(), jam: fc.boolean(), coverOpen: fc.boolean() });
const digits = (min: number, max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
const chipData = fc.record({ pan: digits(12, 19), expiry: digits(4, 4), panSequence: digits(2, 2), serviceCode: digits(3, 3) });
const response: fc.Arbitrary<DispenserResponse> = fc.oneof(
  fc.record({ kind: fc.constant('positive' as const), command: fc.constantFrom(...SENSOR_COMMAND_KINDS), sensors }),
  fc.record({ kind: fc.constant('positive' as const), command: fc.constant('read-chip' as const), sensors, chip: chipData }),
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

  it('spells a chip read as C30; its answer as P30, the sensors, then LL PAN YYMM PSN service code', () => {
    const atRead = { card: 'read-position', stock: 'full', captureBinFull: false, jam: false, coverOpen: false } as const;
    expect(body(encodeCommand({ kind: 'read-chip' }))).toBe('C30');
    const chip = { pan: '6222021000000100015', expiry: '3112', panSequence: '01', serviceCode: '201' };
    expect(body(encodeResponse({ kind: 'positive', command: 'read-chip', sensors: atRead, chip }))).toBe('P3022000196222021000000100015311201201');
    expect(decodeResponse(frameOf(encodeFrame(ascii('P3022000196222021000000100015311201201'))))).toEqual({ kind: 'positive', command: 'read-chip', sensors: atRead, chip });
    expect(body(encodeResponse({ kind: 'negative', command: 'read-chip', reason: 'no-card', sensors: { ...atRead, card: 'none' } }))).toBe('N301402000');
    expect(body(encodeResponse({ kind: 'negative', command: 'read-chip', reason: 'chip-mute', sensors: atRead }))).toBe('N301522000');
    expect(body(encodeResponse({ kind: 'negative', command: 'read-chip', reason: 'chip-no-application', sensors: atRead }))).toBe('N301622000');
  });

  it('a chip answer whose data is missing, short, long or not digits is BAD_PAYLOAD; a sensor answer with data too', () => {
    for (const bad of ['P3022000', 'P302200019622202100000010001531120120', 'P30220001962220210000001000153112012011', 'P30220001962220210000001000A5311201201', 'P3022000116222021000', 'P1022000196222021000000100015311201201']) {
      expect(decodeResponse(frameOf(encodeFrame(ascii(bad))))).toMatchObject({ code: 'BAD_PAYLOAD' });
    }
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
      fc.property(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.stringMatching(/^[CPN][0-9?]{0,40}$/).filter((s) => s.length > 0).map(ascii), fc.stringMatching(/^P3[0-2][0-2][0-2][01][01][01][0-9]{0,36}$/).map(ascii)), (b) => {
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
