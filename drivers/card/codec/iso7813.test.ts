import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardRead } from './card-read.js';
import { isDecodeError, type CardDecodeError } from './errors.js';
import { decodeTracks, parseTrack1, parseTrack2, trackLrc } from './iso7813.js';
import { luhnCheckDigit, luhnValid } from './luhn.js';
import { parseCardholderName } from './name.js';
import { decodeSwipe, encodeSwipeText, encodeTrack1, encodeTrack2, splitTracks } from './tracks.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const T1 = '%B4111111111111111^DOE/JOHN A.MR^2512101123456789012345?';
const T2 = ';4111111111111111=2512101123456789?';

function errorOf(value: unknown): CardDecodeError {
  if (!isDecodeError(value)) throw new Error(`expected a decode error, got ${JSON.stringify(value)}`);
  return value;
}

describe('Luhn', () => {
  it('accepts published test PANs and rejects a changed digit', () => {
    for (const pan of ['4111111111111111', '5555555555554444', '6200000000000005', '378282246310005', '6212345678901265']) expect(luhnValid(pan)).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('620000000000000')).toBe('5');
  });
});

describe('ISO 7813 tracks', () => {
  it('decodes track 1 (format B) with name and title', () => {
    expect(parseTrack1(ascii(T1))).toEqual({ pan: '4111111111111111', name: { surname: 'DOE', given: 'JOHN A', title: 'MR' }, expiry: { year: 2025, month: 12 }, serviceCode: '101' });
  });

  it('decodes track 2 and checks an LRC when one follows the end sentinel', () => {
    expect(parseTrack2(ascii(T2))).toEqual({ pan: '4111111111111111', expiry: { year: 2025, month: 12 }, serviceCode: '101' });
    expect(isDecodeError(parseTrack2(ascii(T2 + trackLrc(T2, 2))))).toBe(false);
    expect(isDecodeError(parseTrack1(ascii(T1 + trackLrc(T1, 1))))).toBe(false);
    const wrong = String.fromCharCode(trackLrc(T2, 2).charCodeAt(0) ^ 1);
    expect(errorOf(parseTrack2(ascii(T2 + wrong))).code).toBe('LRC');
  });

  it('names the failing field', () => {
    const cases: [string, (b: Uint8Array) => unknown, string][] = [
      ['B4111111111111111^DOE/JOHN^2512101?', parseTrack1, 'SENTINEL'],
      ['%B4111111111111111^DOE/JOHN^2512101', parseTrack1, 'SENTINEL'],
      ['%A4111111111111111^DOE/JOHN^2512101?', parseTrack1, 'FORMAT_CODE'],
      ['%B4111111111111111DOE/JOHN2512101?', parseTrack1, 'SEPARATOR'],
      ['%B4111111111111112^DOE/JOHN^2512101?', parseTrack1, 'PAN_LUHN'],
      ['%B411111111111^DOE/JOHN^2512101?', parseTrack1, 'PAN_LENGTH'],
      ['%B41111111X1111111^DOE/JOHN^2512101?', parseTrack1, 'PAN_DIGITS'],
      ['%B4111111111111111^D^2512101?', parseTrack1, 'NAME'],
      ['%B4111111111111111^DOE/JOHN^2513101?', parseTrack1, 'EXPIRY'],
      ['%B4111111111111111^DOE/JOHN^2500101?', parseTrack1, 'EXPIRY'],
      ['%B4111111111111111^DOE/JOHN^251210?', parseTrack1, 'SERVICE_CODE'],
      ['%B4111111111111111^doe/john^2512101?', parseTrack1, 'CHARSET'],
      [`%B4111111111111111^DOE/JOHN^2512101${'0'.repeat(60)}?`, parseTrack1, 'TOO_LONG'],
      ['%E?', parseTrack1, 'TRACK_READ_ERROR'],
      [';4111111111111111=2512101?12', parseTrack2, 'SENTINEL'],
      [';41111111111111112512101?', parseTrack2, 'SEPARATOR'],
      [';4111111111111111=1313101?', parseTrack2, 'EXPIRY'],
      [';4111111111111111=25121A1?', parseTrack2, 'CHARSET'],
      [';E?', parseTrack2, 'TRACK_READ_ERROR'],
    ];
    for (const [text, parse, code] of cases) expect([text, errorOf(parse(ascii(text))).code]).toEqual([text, code]);
  });

  it('never puts card data into an error message', () => {
    const err = errorOf(parseTrack2(ascii(';4111111111111112=2512101?')));
    expect(err.message).not.toContain('4111111111111112');
  });

  it('parses names with and without given name or title', () => {
    expect(parseCardholderName('ZHANG/SAN                 ')).toEqual({ surname: 'ZHANG', given: 'SAN' });
    expect(parseCardholderName('SMITH')).toEqual({ surname: 'SMITH', given: '' });
    expect(parseCardholderName(' /')).toBeUndefined();
    expect(parseCardholderName('LI/SI.DR')).toEqual({ surname: 'LI', given: 'SI', title: 'DR' });
  });

  it('combines tracks: track 2 for the numbers, track 1 for the name; mismatches are refused', () => {
    const r = decodeTracks({ track1: ascii(T1), track2: ascii(T2) });
    expect(r).toBeInstanceOf(CardRead);
    const card = r as CardRead;
    expect([card.pan, card.name?.surname, card.serviceCode, card.source]).toEqual(['4111111111111111', 'DOE', '101', 'magstripe']);
    expect((decodeTracks({ track1: ascii('%E?'), track2: ascii(T2) }) as CardRead).name).toBeUndefined();
    expect((decodeTracks({ track1: ascii(T1), track2: ascii(';E?') }) as CardRead).pan).toBe('4111111111111111');
    expect(errorOf(decodeTracks({ track1: ascii(T1), track2: ascii(';5555555555554444=2512101?') })).code).toBe('TRACK_MISMATCH');
    expect(errorOf(decodeTracks({})).code).toBe('NO_TRACK');
  });

  it('splits a stream into tracks, whatever LRCs and line ends sit between them', () => {
    const withLrc = `${T1}${trackLrc(T1, 1)}\r\n${T2}${trackLrc(T2, 2)}\r\n`;
    const tracks = splitTracks(ascii(withLrc));
    expect(String.fromCharCode(...(tracks.track1 ?? []))).toBe(T1 + trackLrc(T1, 1));
    expect(String.fromCharCode(...(tracks.track2 ?? []))).toBe(T2 + trackLrc(T2, 2));
    // A track 2 LRC that happens to be ';' is still read as the LRC, not as a new track.
    const t2 = ';6200000000000005=3012201?';
    expect(trackLrc(t2, 2)).toBe(';');
    expect(decodeSwipe(ascii(`${t2};;5555555555554444=2601101?`))).toBeInstanceOf(CardRead);
  });

  const cardArb = fc.record({
    prefix: fc.stringMatching(/^[1-9]\d{11,17}$/),
    surname: fc.stringMatching(/^[A-Z]{1,10}$/),
    given: fc.stringMatching(/^[A-Z]{1,10}$/),
    year: fc.integer({ min: 2000, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    serviceCode: fc.stringMatching(/^\d{3}$/),
    discretionary: fc.stringMatching(/^\d{0,8}$/),
    lrc: fc.boolean(),
  });

  it('round-trips any valid card through the encoders and the swipe decoder', () => {
    fc.assert(
      fc.property(cardArb, (c) => {
        const pan = c.prefix + luhnCheckDigit(c.prefix);
        const card = { pan, name: { surname: c.surname, given: c.given }, expiry: { year: c.year, month: c.month }, serviceCode: c.serviceCode, discretionary: c.discretionary };
        const r = decodeSwipe(encodeSwipeText(card, { lrc: c.lrc }));
        if (!(r instanceof CardRead)) throw new Error(JSON.stringify(r));
        expect([r.pan, r.expiry, r.serviceCode, r.name]).toEqual([pan, card.expiry, c.serviceCode, card.name]);
        expect(r.maskedPan).toBe(pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4));
      }),
    );
    expect(String.fromCharCode(...encodeTrack2({ pan: '4111111111111111', expiry: { year: 2025, month: 12 } }))).toBe(';4111111111111111=2512=?');
    expect(String.fromCharCode(...encodeTrack1({ pan: '4111111111111111', expiry: { year: 2025, month: 12 } }))).toBe('%B4111111111111111^ /^2512^?');
  });

  it('returns a DecodeError and never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom('', '%B', ';'), (bytes, head) => {
        const input = new Uint8Array([...ascii(head), ...bytes]);
        expect(decodeSwipe(input) instanceof CardRead || isDecodeError(decodeSwipe(input))).toBe(true);
        for (const r of [parseTrack1(input), parseTrack2(input)]) expect(isDecodeError(r) || typeof r.pan === 'string').toBe(true);
      }),
    );
  });
});
