// The account-opening journey's book is the outbox: one `account.opening` row booked before the
// hub sees the application (its id is the application id), its progress kept on it
// (Outbox.keepApplication): filed, the expert's signed decision, the bank's answer. The row holds
// the document's kind and how the face was checked — never a name, number, photo or signature.
// Withdrawals the hub has not confirmed are sent again every minute (sendPendingWithdrawals);
// applications a killed host left on the way are marked for withdrawal at the next start
// (recoverUnfinishedApplications): no half-opened account.
import type { ApplicationStatusResponse, WithdrawReason } from '../../../protocol/account-opening.js';
import type { HostLogger } from '../log.node.js';
import { ACCOUNT_OPENING_TYPE, type Outbox } from '../outbox.node.js';
import { withdrawnProgress } from './account-opening-machine.js';
import type { ApplicationBook } from './account-opening-ports.js';

export function outboxApplicationBook(outbox: Pick<Outbox, 'enqueue' | 'keepApplication'>, log: HostLogger): ApplicationBook {
  return {
    async book(row) {
      const { id } = await outbox.enqueue(ACCOUNT_OPENING_TYPE, { document: row.document, face: row.face });
      log.info({ outboxId: id, document: row.document, face: row.face }, 'account-opening: booked');
      return { id };
    },
    keep: (id, progress) => outbox.keepApplication(id, progress),
  };
}

type Withdraw = (applicationId: string, reason: WithdrawReason) => Promise<ApplicationStatusResponse>;

/** Sends kept withdrawals again; resolves with how many the hub answered. Stops at the first the hub does not answer. */
export async function sendPendingWithdrawals(outbox: Pick<Outbox, 'applicationsToWithdraw' | 'keepApplication'>, withdraw: Withdraw, log: HostLogger): Promise<number> {
  let answered = 0;
  for (const row of await outbox.applicationsToWithdraw(50)) {
    let answer;
    try {
      answer = await withdraw(row.id, row.reason);
    } catch (err) {
      log.debug({ outboxId: row.id, err: (err as Error).message }, 'account-opening: withdrawal not sent yet');
      return answered;
    }
    // Unknown at the hub: it never got the application (filing not answered), so there is nothing to withdraw.
    await outbox.keepApplication(row.id, answer.outcome === 'ok' ? withdrawnProgress(answer.status) : { status: 'withdrawn' });
    log.info({ outboxId: row.id, reason: row.reason, status: answer.outcome === 'ok' ? answer.status : answer.reason }, 'account-opening: withdrawal confirmed');
    answered += 1;
  }
  return answered;
}

/** At start: applications an earlier run left on the way are marked for withdrawal (sent by sendPendingWithdrawals). */
export async function recoverUnfinishedApplications(outbox: Pick<Outbox, 'unfinishedApplications' | 'keepApplication'>, log: HostLogger): Promise<number> {
  const rows = await outbox.unfinishedApplications();
  for (const row of rows) await outbox.keepApplication(row.id, { status: 'withdraw-pending', reason: 'host-restart' });
  if (rows.length > 0) log.warn({ rows: rows.map((r) => r.id) }, 'account-opening: applications left unfinished by the last run will be withdrawn');
  return rows.length;
}
