// The bank's answer reaches rows whose journey never had it: the follower asks the hub only for
// acked bill payments without a final answer, keeps approvals and declines, and asks again for
// rows still waiting or left for staff; a hub that is away costs nothing but the round.
import { describe, expect, it } from 'vitest';
import { BILL_PAYMENT_TYPE } from '../../../protocol/bill-payment-item.js';
import type { PaymentAnswer } from '../../../protocol/core-banking.js';
import { encryptedOutboxWithLog } from '../encrypted-outbox.testing.js';
import { HubUnreachableError } from './bill-payment-ports.js';
import { PaymentAnswerFollower } from './payment-answers.node.js';

const row = (n: number) => ({ billId: `B${n}`, billerId: 'water-sh', reference: '20456789', amount: { minor: 100 * n, currency: 'CNY' }, fee: { minor: 0, currency: 'CNY' }, maskedPan: '622202*********0017' });

describe('PaymentAnswerFollower', () => {
  it('asks for acked payments without a final answer and keeps what the bank said', async () => {
    const { db, outbox, log, lines } = await encryptedOutboxWithLog('bk-answers-');
    const [approved, declined, waiting, unconfirmed, notYetSent, answered] = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => outbox.enqueue(BILL_PAYMENT_TYPE, row(n))));
    await outbox.enqueue('queue.ticket.issued', { number: 'A001' });
    for (const r of [approved, declined, waiting, unconfirmed, answered]) await outbox.markAckedRange(r!.seq, r!.seq);
    await outbox.keepAnswer(answered!.id, { outcome: 'approved', reference: 'PAY-0000-0006' });
    await outbox.keepAnswer(waiting!.id, { outcome: 'pending' });

    const asked: string[][] = [];
    const bank = {
      async paymentAnswers(ids: readonly string[]): Promise<PaymentAnswer[]> {
        asked.push([...ids]);
        const by: Record<string, PaymentAnswer> = {
          [approved!.id]: { transactionId: approved!.id, status: 'approved', reference: 'PAY-0000-0001', reason: null },
          [declined!.id]: { transactionId: declined!.id, status: 'declined', reference: null, reason: 'insufficient-funds' },
          [unconfirmed!.id]: { transactionId: unconfirmed!.id, status: 'unconfirmed', reference: null, reason: null },
        };
        return ids.map((id) => by[id] ?? { transactionId: id, status: 'waiting', reference: null, reason: null });
      },
    };
    const follower = new PaymentAnswerFollower({ outbox, bank, log });
    expect(await follower.runOnce()).toBe(2);
    // Neither the row still at the kiosk, nor the one answered already, nor the ticket was asked about.
    expect(asked).toEqual([[approved!.id, declined!.id, waiting!.id, unconfirmed!.id]]);
    expect((await outbox.byId(approved!.id))?.answer).toEqual({ outcome: 'approved', reference: 'PAY-0000-0001' });
    expect((await outbox.byId(declined!.id))?.answer).toEqual({ outcome: 'declined', reason: 'insufficient-funds' });
    expect((await outbox.byId(waiting!.id))?.answer).toEqual({ outcome: 'pending' });
    expect((await outbox.byId(unconfirmed!.id))?.answer).toBeNull();
    expect((await outbox.byId(notYetSent!.id))?.answer).toBeNull();
    expect(lines.join('')).toContain('PAY-0000-0001');

    // Next round: only the two still open are asked again.
    expect(await follower.runOnce()).toBe(0);
    expect(asked[1]).toEqual([waiting!.id, unconfirmed!.id]);
    await db.close();
  });

  it('a hub that is away ends the round quietly; nothing to ask costs no request', async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-answers-');
    let calls = 0;
    const away = {
      async paymentAnswers(): Promise<PaymentAnswer[]> {
        calls++;
        throw new HubUnreachableError('connect ECONNREFUSED');
      },
    };
    const follower = new PaymentAnswerFollower({ outbox, bank: away, log });
    expect(await follower.runOnce()).toBe(0);
    expect(calls).toBe(0);
    const r = await outbox.enqueue(BILL_PAYMENT_TYPE, row(1));
    await outbox.markAckedRange(r.seq, r.seq);
    expect(await follower.runOnce()).toBe(0);
    expect(calls).toBe(1);
    expect((await outbox.byId(r.id))?.answer).toBeNull();
    await db.close();
  });

  it('stops asking about payments older than a week', async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-answers-');
    const r = await outbox.enqueue(BILL_PAYMENT_TYPE, row(1));
    await outbox.markAckedRange(r.seq, r.seq);
    let calls = 0;
    const bank = { paymentAnswers: async (): Promise<PaymentAnswer[]> => (calls++, []) };
    const eightDaysOn = Date.now() + 8 * 24 * 60 * 60_000;
    expect(await new PaymentAnswerFollower({ outbox, bank, log, now: () => eightDaysOn }).runOnce()).toBe(0);
    expect(calls).toBe(0);
    await db.close();
  });
});
