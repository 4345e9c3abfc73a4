// The receipt number both ends derive, and the hub's check of a balances-and-statements row.
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { assertNoCardData } from '../electron/host/outbox-guard.js';
import { accountServiceItemProblem, receiptNumberFor, receiptNumberSchema, STATEMENT_PRINTED_TYPE } from './account-services-item.js';

const ID = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';

describe('receiptNumberFor', () => {
  it('is kiosk, six letters of the id, and its time in base32; the same on both ends', () => {
    expect(receiptNumberFor('K09', ID)).toMatch(/^K09-[A-Z]{6}-[0-9A-Z]{10}$/);
    expect(receiptNumberFor('K09', ID)).toBe(receiptNumberFor('k09', ID.toUpperCase()));
    expect(receiptNumberFor('K09', ID)).not.toBe(receiptNumberFor('K10', ID));
    expect(receiptNumberFor('branch_kiosk_with_a_long_name', ID)).toMatch(/^BRANCH-KIOSK-[A-Z]{6}-/);
    expect(() => receiptNumberFor('K09', 'not-a-uuid')).toThrow();
  });

  it('fits the receipt number schema, differs between enquiries, and never looks like a card number to the outbox guard', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), (kioskId) => {
        const a = receiptNumberFor(kioskId, uuidv7());
        const b = receiptNumberFor(kioskId, uuidv7());
        expect(receiptNumberSchema.parse(a)).toBe(a);
        expect(a).not.toBe(b);
        expect(() => assertNoCardData({ receiptNumber: a })).not.toThrow();
      }),
      { numRuns: 500 },
    );
    // A kiosk named with digits: the letters between keep any digit run short.
    expect(() => assertNoCardData({ receiptNumber: receiptNumberFor('622202100000', ID) })).not.toThrow();
  });
});

describe('accountServiceItemProblem (what the hub checks)', () => {
  const row = {
    enquiryId: ID,
    receiptNumber: receiptNumberFor('K09', ID),
    locale: 'zh-CN',
    maskedAccount: '6222 **** **** 0001',
    period: { from: '2026-11-01', to: '2026-11-30' },
    pages: 3,
    printedPages: 3,
    truncated: false,
    outcome: 'printed',
  };

  it('accepts a row whose receipt number is the kiosk’s for that enquiry', () => {
    expect(accountServiceItemProblem('K09', STATEMENT_PRINTED_TYPE, row)).toBeNull();
  });

  it('refuses another kiosk’s number, more pages printed than there are, a wrong outcome, and unknown fields (no entries or balances)', () => {
    expect(accountServiceItemProblem('K10', STATEMENT_PRINTED_TYPE, row)).toMatch(/receiptNumber/);
    expect(accountServiceItemProblem('K09', STATEMENT_PRINTED_TYPE, { ...row, printedPages: 4 })).toMatch(/printedPages/);
    expect(accountServiceItemProblem('K09', STATEMENT_PRINTED_TYPE, { ...row, printedPages: 2 })).toMatch(/outcome/);
    expect(accountServiceItemProblem('K09', STATEMENT_PRINTED_TYPE, { ...row, entries: [] })).toMatch(/entries/);
  });
});
