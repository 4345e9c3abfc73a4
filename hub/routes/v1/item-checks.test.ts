// A batch's items judged one by one: balances-and-statements rows must carry the receipt
// number this kiosk derives for their enquiry; other types are stored as sent.
import { describe, expect, it } from 'vitest';
import { receiptNumberFor } from '../../../protocol/account-services-item.js';
import { checkItems } from './item-checks.js';

const ENQUIRY = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
const item = (seq: number, type: string, payload: Record<string, unknown>) => ({ id: `0194c1a2-7b3c-7d4e-8f90-00000000000${seq}`, seq, type, schemaVersion: 1, createdAt: '2026-12-04T10:00:00Z', payload });
const balances = (receiptNumber: string) => ({ enquiryId: ENQUIRY, receiptNumber, locale: null, maskedAccounts: ['6222 **** **** 0001'], printed: false });

describe('checkItems', () => {
  it('passes a balance enquiry numbered by this kiosk and any other type; refuses one numbered by another kiosk', () => {
    const checked = checkItems(
      [item(1, 'banking.balance-enquiry', balances(receiptNumberFor('K09', ENQUIRY))), item(2, 'queue.ticket.issued', { number: 'A9001' }), item(3, 'banking.balance-enquiry', balances(receiptNumberFor('K10', ENQUIRY)))],
      'K09',
    );
    expect(checked.valid.map((v) => v.index)).toEqual([0, 1]);
    expect(checked.rejected.get(2)).toMatchObject({ status: 'rejected', code: 'INVALID_ITEM', message: expect.stringContaining('receiptNumber') });
  });

  it('refuses a statement row that carries entries (nothing personal but masked numbers travels)', () => {
    const payload = { enquiryId: ENQUIRY, receiptNumber: receiptNumberFor('K09', ENQUIRY), locale: 'en', maskedAccount: '6222 **** **** 0001', entryCount: 1, printed: true, entries: [{ amount: 1 }] };
    expect(checkItems([item(1, 'banking.mini-statement', payload)], 'K09').rejected.get(0)).toMatchObject({ code: 'INVALID_ITEM' });
  });
});
