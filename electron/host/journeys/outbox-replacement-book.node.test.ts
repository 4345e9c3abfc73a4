// The card-replacement book on a real outbox (issue 11): the row holds masked numbers only; the
// bank's answer and the issue's end are kept on it; a completion the hub did not take is sent
// again; rows a killed host left unfinished are completed 'not-taken' at the next start.
import { describe, expect, it } from 'vitest';
import { encryptedOutboxWithLog } from '../encrypted-outbox.testing.js';
import { outboxReplacementBook, recoverUnfinishedIssues, sendKeptCompletions } from './outbox-replacement-book.node.js';

const row = { replaces: 'K1001', reason: 'lost' as const, fee: { minor: 1_000, currency: 'CNY' as const }, newCard: '622202*********1005' };

describe('the outbox as the card-replacement book', () => {
  it('keeps the issue and its end on the row; a confirmed end is not replaced', async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-replbook-');
    const book = outboxReplacementBook(outbox, log);
    const { id } = await book.book(row);
    expect((await outbox.byId(id))?.payload).toEqual(row);
    await book.keep(id, { issue: 'issued', reference: 'CR-20261205-ABCDEF012345' });
    await book.keep(id, { completed: 'pending', outcome: 'taken' });
    expect((await outbox.byId(id))?.answer).toEqual({ outcome: 'approved', reference: 'CR-20261205-ABCDEF012345', completion: 'send-taken' });
    await book.keep(id, { completed: 'activated' });
    await book.keep(id, { completed: 'pending', outcome: 'not-taken' });
    expect((await outbox.byId(id))?.answer).toEqual({ outcome: 'approved', reference: 'CR-20261205-ABCDEF012345', completion: 'activated' });
    // The same issue answer again (a replay) is fine with a completion kept since.
    await book.keep(id, { issue: 'issued', reference: 'CR-20261205-ABCDEF012345' });
    await db.close();
  });

  it('sends kept completions until the bank confirms them; a hub away leaves them for later', async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-replbook-');
    const book = outboxReplacementBook(outbox, log);
    const taken = (await book.book(row)).id;
    const notTaken = (await book.book(row)).id;
    await book.keep(taken, { issue: 'issued', reference: 'CR-20261205-ABCDEF012345' });
    await book.keep(taken, { completed: 'pending', outcome: 'taken' });
    await book.keep(notTaken, { issue: 'unknown' });
    await book.keep(notTaken, { completed: 'pending', outcome: 'not-taken' });

    const away = async () => Promise.reject(new Error('ECONNREFUSED'));
    expect(await sendKeptCompletions(outbox, away, log)).toBe(0);
    const sent: string[] = [];
    const bank = async ({ idempotencyKey, outcome }: { idempotencyKey: string; outcome: 'taken' | 'not-taken' }) => {
      sent.push(`${idempotencyKey === taken ? 'taken-row' : 'other-row'} ${outcome}`);
      return { outcome: outcome === 'taken' ? ('activated' as const) : ('declined' as const) };
    };
    expect(await sendKeptCompletions(outbox, bank, log)).toBe(2);
    expect(sent).toEqual(['taken-row taken', 'other-row not-taken']);
    expect((await outbox.byId(taken))?.answer).toMatchObject({ completion: 'activated' });
    expect((await outbox.byId(notTaken))?.answer).toEqual({ outcome: 'pending', completion: 'voided' });
    expect(await sendKeptCompletions(outbox, bank, log)).toBe(0);
    await db.close();
  });

  it('at start, completes what a killed host left unfinished as not taken, after clearing the dispenser channel', async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-replbook-');
    const book = outboxReplacementBook(outbox, log);
    const bookedOnly = (await book.book(row)).id;
    const issued = (await book.book(row)).id;
    await book.keep(issued, { issue: 'issued', reference: 'CR-20261205-ABCDEF012345' });
    const done = (await book.book(row)).id;
    await book.keep(done, { issue: 'issued', reference: 'CR-20261205-ABCDEF012346' });
    await book.keep(done, { completed: 'activated' });
    const declined = (await book.book(row)).id;
    await book.keep(declined, { issue: 'declined', reason: 'pin-mismatch' });
    await outbox.enqueue('queue.ticket.issued', { number: 'A001' });

    let captured = 0;
    expect(await recoverUnfinishedIssues(outbox, async () => void (captured += 1), log)).toBe(2);
    expect(captured).toBe(1);
    expect((await outbox.byId(bookedOnly))?.answer).toEqual({ outcome: 'pending', completion: 'send-not-taken' });
    expect((await outbox.byId(issued))?.answer).toMatchObject({ outcome: 'approved', completion: 'send-not-taken' });
    expect((await outbox.byId(done))?.answer).toMatchObject({ completion: 'activated' });
    expect((await outbox.byId(declined))?.answer).toEqual({ outcome: 'declined', reason: 'pin-mismatch' });
    expect((await outbox.completionsToSend(10)).map((r) => r.id)).toEqual([bookedOnly, issued]);
    // Nothing left: no capture on the next start.
    expect(await recoverUnfinishedIssues(outbox, async () => void (captured += 1), log)).toBe(0);
    expect(captured).toBe(1);
    await db.close();
  });
});
