// The account-opening book on a real outbox (issue 11): the row holds the document's kind and
// how the face was checked, never personal data; the application's progress is kept on it and an
// end is never replaced; withdrawals the hub did not confirm are sent again; applications a
// killed host left on the way are marked for withdrawal at the next start.
import { describe, expect, it } from 'vitest';
import type { ApplicationStatusResponse, WithdrawReason } from '../../../protocol/account-opening.js';
import { encryptedOutboxWithLog } from '../encrypted-outbox.testing.js';
import { outboxApplicationBook, recoverUnfinishedApplications, sendPendingWithdrawals } from './outbox-application-book.node.js';

const DECISION = { decisionId: '0194c1a2-0000-7000-8000-0000000000d1', decision: 'approve' as const, decidedAt: '2026-12-05T10:00:00.000Z', signature: 'sig' };

describe('the outbox as the account-opening book', () => {
  it('keeps ids, status and the signed decision on the row; an end is not replaced', async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-aobook-');
    const book = outboxApplicationBook(outbox, log);
    const { id } = await book.book({ document: 'cn-id', face: 'checked' });
    const answer = async () => JSON.parse((await db.get<{ answer: string }>('SELECT answer FROM outbox WHERE id = ?', [id]))?.answer ?? 'null') as unknown;
    expect((await outbox.byId(id))?.payload).toEqual({ document: 'cn-id', face: 'checked' });
    await book.keep(id, { status: 'filed' });
    await book.keep(id, { status: 'approved', decision: DECISION });
    expect(await answer()).toEqual({ status: 'approved', decision: DECISION });
    await book.keep(id, { status: 'opened', reference: 'AO-20261205-0194C1A20000', maskedAccount: '6222****1234', decision: DECISION });
    await book.keep(id, { status: 'withdraw-pending', reason: 'host-restart' });
    expect(await answer()).toMatchObject({ status: 'opened', maskedAccount: '6222****1234' });
    // A masked account only: a full number is refused before it is stored.
    await expect(book.keep(id, { status: 'opened', reference: 'AO-1', maskedAccount: '6222000010000001' } as never)).rejects.toThrow();
    await db.close();
  });

  it('a killed host: unfinished applications are marked for withdrawal at start and sent until the hub answers', async () => {
    const { db, outbox, log } = await encryptedOutboxWithLog('bk-aobook-');
    const book = outboxApplicationBook(outbox, log);
    const filed = (await book.book({ document: 'cn-id', face: 'checked' })).id;
    const approved = (await book.book({ document: 'passport', face: 'needs-staff' })).id;
    const opened = (await book.book({ document: 'cn-id', face: 'checked' })).id;
    const booked = (await book.book({ document: 'cn-id', face: 'checked' })).id;
    await book.keep(filed, { status: 'filed' });
    await book.keep(approved, { status: 'approved', decision: DECISION });
    await book.keep(opened, { status: 'opened', reference: 'AO-20261205-0194C1A20000', maskedAccount: '6222****1234' });

    expect(await recoverUnfinishedApplications(outbox, log)).toBe(3);
    expect((await outbox.applicationsToWithdraw(10)).map((r) => r.id).sort()).toEqual([filed, approved, booked].sort());
    // Nothing unfinished is left to recover twice.
    expect(await recoverUnfinishedApplications(outbox, log)).toBe(0);

    const away = async () => Promise.reject(new Error('ECONNREFUSED'));
    expect(await sendPendingWithdrawals(outbox, away, log)).toBe(0);
    expect(await outbox.applicationsToWithdraw(10)).toHaveLength(3);

    const sent: string[] = [];
    const hub = async (id: string, reason: WithdrawReason): Promise<ApplicationStatusResponse> => {
      sent.push(`${id} ${reason}`);
      // The booked one never reached the hub; the approved one the hub had opened just before the kill.
      if (id === booked) return { outcome: 'refused', reason: 'unknown-application' };
      return { outcome: 'ok', status: id === approved ? 'opened' : 'withdrawn' };
    };
    expect(await sendPendingWithdrawals(outbox, hub, log)).toBe(3);
    expect(sent.every((s) => s.endsWith('host-restart'))).toBe(true);
    expect(await outbox.applicationsToWithdraw(10)).toEqual([]);
    const status = async (id: string) => JSON.parse((await db.get<{ answer: string }>('SELECT answer FROM outbox WHERE id = ?', [id]))?.answer ?? 'null') as { status: string };
    expect([(await status(filed)).status, (await status(approved)).status, (await status(booked)).status, (await status(opened)).status]).toEqual(['withdrawn', 'opened-unattended', 'withdrawn', 'opened']);
    await db.close();
  });
});
