// The bill-payment book as the host keeps it: an online payment's row carries its fallback (the
// sealed card and PIN block the card session was opened with) so the hub can forward a payment
// whose online call never reached the bank — encrypted at rest with the rest of the
// authorisation, as an offline row's card and PIN block are, and never in the log.
import { describe, expect, it } from 'vitest';
import { BILL_PAYMENT_TYPE, billPaymentItemSchema, toStoredPinBlock } from '../../../protocol/bill-payment-item.js';
import { CARD_SEAL_ALGORITHM, type PinBlock, type SealedCard } from '../../../protocol/card-security.js';
import { encryptedOutboxWithLog } from '../encrypted-outbox.testing.js';
import type { PaymentRecord } from './bill-payment-ports.js';
import { outboxCounts } from '../host-diagnostics.node.js';
import { outboxPaymentBook } from './outbox-payment-book.node.js';

const CARD: SealedCard = {
  alg: CARD_SEAL_ALGORITHM,
  keyId: 'demo-card-1',
  epk: 'Ephemeral_Key_Of_The_Seal_Xyz-0123456789abc',
  iv: 'IvOfTheSeal-0123',
  ct: 'SealedTrackDataCiphertext_QmFua0tpb3NrUGFuQ2lwaGVydGV4dA',
  tag: 'TagOfTheSeal_012345678',
  masked: '622202*********0017',
  entry: 'chip',
};
const PIN: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: '8F3A9C0B71D24E6A5B0C9D8E7F6A5B4C' };
const SESSION = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';

const payment = (authorisation: PaymentRecord['authorisation']): PaymentRecord => ({
  billId: 'WB-202611-0001',
  billerId: 'water-sh',
  reference: '20456789',
  amount: { minor: 7_840, currency: 'CNY' },
  fee: { minor: 0, currency: 'CNY' },
  maskedPan: CARD.masked,
  authorisation,
});

const settle = () => new Promise((resolve) => setImmediate(resolve));
const SECRETS = [CARD.ct, CARD.epk, CARD.tag, PIN.block, toStoredPinBlock(PIN).block64];

describe('the outbox as the bill-payment book', () => {
  it('books an online payment with its fallback: the hub reads it back, the store and the log never show it', async () => {
    const { db, outbox, log, lines } = await encryptedOutboxWithLog('bk-paybook-');
    const book = outboxPaymentBook(outbox, log);
    const { id } = await book.record(payment({ kind: 'session', sessionId: SESSION, accountId: 'A1001', fallback: { card: CARD, pin: PIN } }));

    // What sync sends (decrypted): the session, and the fallback in the form the hub forwards.
    const [row] = await outbox.pending(10);
    expect(row).toMatchObject({ id, type: BILL_PAYMENT_TYPE });
    const item = billPaymentItemSchema.parse(row?.payload);
    expect(item.authorisation).toEqual({ kind: 'session', sessionId: SESSION, accountId: 'A1001', fallback: { card: CARD, pin: toStoredPinBlock(PIN) } });

    // At rest: the whole authorisation is one encrypted field, the fallback inside it.
    const stored = await db.get<{ payload: string }>('SELECT payload FROM outbox WHERE id = ?', [id]);
    expect(stored?.payload).toContain('"$enc"');
    expect(stored?.payload).toContain('WB-202611-0001');
    for (const secret of [...SECRETS, SESSION]) expect(stored?.payload).not.toContain(secret);

    await book.settle(id, { outcome: 'pending' });
    await settle();
    const logged = lines.join('');
    expect(logged).toContain('bill-payment: booked');
    expect(logged).toContain(id);
    for (const secret of SECRETS) expect(logged).not.toContain(secret);
    await db.close();
  });

  it('books an offline payment as before: the card and PIN block to forward, encrypted at rest', async () => {
    const { db, outbox, log, lines } = await encryptedOutboxWithLog('bk-paybook-');
    const { id } = await outboxPaymentBook(outbox, log).record(payment({ kind: 'forward', card: CARD, pin: PIN }));
    const [row] = await outbox.pending(10);
    expect(billPaymentItemSchema.parse(row?.payload).authorisation).toEqual({ kind: 'forward', card: CARD, pin: toStoredPinBlock(PIN) });
    const stored = await db.get<{ payload: string }>('SELECT payload FROM outbox WHERE id = ?', [id]);
    for (const secret of SECRETS) expect(stored?.payload).not.toContain(secret);
    await settle();
    for (const secret of SECRETS) expect(lines.join('')).not.toContain(secret);
    await db.close();
  });

  it("keeps the bank's answer on the row: pending first, then the approval with its reference; a different final answer is refused", async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-paybook-');
    const book = outboxPaymentBook(outbox, log);
    const { id } = await book.record(payment({ kind: 'session', sessionId: SESSION, accountId: 'A1001', fallback: { card: CARD, pin: PIN } }));
    expect((await outbox.byId(id))?.answer).toBeNull();

    await book.settle(id, { outcome: 'pending' });
    expect((await outbox.byId(id))?.answer).toEqual({ outcome: 'pending' });
    const approved = { outcome: 'approved', paymentId: '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f7', reference: 'PAY-20261205-0001', billId: 'WB-202611-0001', amount: { minor: 7_840, currency: 'CNY' }, fee: { minor: 0, currency: 'CNY' }, balanceAfter: { minor: 100_000, currency: 'CNY' }, approvedAt: '2026-12-05T01:00:00.000Z' } as const;
    await book.settle(id, approved);
    const row = await outbox.byId(id);
    expect(row?.answer).toEqual({ outcome: 'approved', reference: 'PAY-20261205-0001' });
    expect(row?.answeredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // The same answer again (a replayed call) is fine; 'pending' after it never hides it; a decline is a conflict.
    await book.settle(id, approved);
    await book.settle(id, { outcome: 'pending' });
    expect((await outbox.byId(id))?.answer).toEqual({ outcome: 'approved', reference: 'PAY-20261205-0001' });
    await expect(book.settle(id, { outcome: 'declined', reason: 'insufficient-funds' })).rejects.toMatchObject({ code: 'ANSWER_CONFLICT' });
    // Only the outcome and the reference are stored: no amounts, no balance, no card data.
    const stored = await db.get<{ answer: string }>('SELECT answer FROM outbox WHERE id = ?', [id]);
    expect(JSON.parse(stored?.answer ?? 'null')).toEqual({ outcome: 'approved', reference: 'PAY-20261205-0001' });
    await db.close();
  });

  it('keeps a decline with its reason, even once the row reached the hub; an unknown row is a typed error', async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-paybook-');
    const book = outboxPaymentBook(outbox, log);
    const { id, seq } = await outbox.enqueue(BILL_PAYMENT_TYPE, billPaymentItemSchema.parse({ ...payment({ kind: 'forward', card: CARD, pin: PIN }), authorisation: { kind: 'forward', card: CARD, pin: toStoredPinBlock(PIN) } }));
    await outbox.markAckedRange(seq, seq);
    await book.settle(id, { outcome: 'declined', reason: 'insufficient-funds' });
    expect(await outbox.byId(id)).toMatchObject({ state: 'acked', answer: { outcome: 'declined', reason: 'insufficient-funds' } });
    await expect(outbox.keepAnswer('0194c1a2-0000-7000-8000-000000000000', { outcome: 'pending' })).rejects.toMatchObject({ code: 'OUTBOX_ROW_MISSING' });
    await db.close();
  });

  it("counts payments by the bank's answer for a technician's diagnostics, never their contents", async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-paybook-');
    const book = outboxPaymentBook(outbox, log);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await book.record(payment({ kind: 'forward', card: CARD, pin: PIN }))).id);
    await book.settle(ids[0]!, { outcome: 'declined', reason: 'insufficient-funds' });
    await book.settle(ids[1]!, { outcome: 'pending' });
    await book.settle(ids[2]!, { outcome: 'pending' });
    await outbox.enqueue('queue.ticket.issued', { number: 'A001' });
    const counts = await outboxCounts(db);
    expect(counts.byAnswer).toEqual({ 'bill.payment declined': 1, 'bill.payment pending': 2, 'bill.payment unanswered': 1 });
    expect(counts.byType).toEqual({ 'bill.payment': 4, 'queue.ticket.issued': 1 });
    await db.close();
  });
});
