import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertNoCardData, luhnValid, SensitiveDataError } from './outbox-guard.js';

const refusal = (value: unknown) => {
  try {
    assertNoCardData(value);
    return null;
  } catch (err) {
    return err instanceof SensitiveDataError ? err.code : 'OTHER';
  }
};

describe('card-data guard', () => {
  it('knows the Luhn check', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('refuses Luhn-valid 13–19 digit card numbers in any spelling, anywhere in the payload', () => {
    expect(refusal({ pan: '4111111111111111' })).toBe('PAN_DETECTED');
    expect(refusal({ note: 'card 4111-1111-1111-1111 swallowed' })).toBe('PAN_DETECTED');
    expect(refusal({ list: [{ n: 4111111111111111 }] })).toBe('PAN_DETECTED');
    expect(refusal({ '4111111111111111': true })).toBe('PAN_DETECTED');
    expect(refusal({ amex: '378282246310005' })).toBe('PAN_DETECTED');
  });

  it('refuses track 1 and track 2 data', () => {
    expect(refusal({ t1: '%B4111111111111111^DOE/JOHN^2512101' })).toBe('TRACK_DATA_DETECTED');
    expect(refusal({ t2: ';4111111111111111=25121010000000000000?' })).toBe('TRACK_DATA_DETECTED');
  });

  it('lets masked numbers, timestamps, phone numbers and non-Luhn runs through', () => {
    expect(refusal({ pan: '411111******1111', at: 1763900000000, phone: '13800138000', ref: '4111111111111112', id: '0190a1b2-0000-7000-8000-000000000000' })).toBeNull();
  });

  it('lets ids of the UUID shape through, including those whose digit groups pass Luhn', () => {
    // Seen refused before the fix: about one UUIDv7 in 3,500, each a ticket a customer did not get.
    for (const id of ['01a2421e-7154-74f4-b386-5040953302fe', '01a2421e-7193-77f5-89a4-134438806849', '01a2421e-71c2-7375-9410-991906b323da']) {
      expect(refusal({ ticketId: id, note: `ticket ${id} reprinted` })).toBeNull();
    }
    fc.assert(fc.property(fc.uuid(), (id) => refusal({ id }) === null), { numRuns: 20_000 });
    // A card number beside an id is still found.
    expect(refusal({ note: '01a2421e-7154-74f4-b386-5040953302fe 4111 1111 1111 1111' })).toBe('PAN_DETECTED');
  });

  it('names the path in its message but never the value', () => {
    try {
      assertNoCardData({ a: { b: '4111111111111111' } });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('a.b');
      expect((err as Error).message).not.toContain('4111');
    }
  });
});
