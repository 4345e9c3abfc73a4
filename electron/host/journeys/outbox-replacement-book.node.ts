// The card-replacement journey's book is the outbox: one `card.replacement` row booked before the
// bank is asked (its id is the idempotency key of the issue), with the bank's answer and how the
// issue ended kept on it (Outbox.keepAnswer / keepCompletion). The row holds the masked numbers
// of the old and new card, the reason and the fee — never card data. Kept completions that did
// not reach the bank are sent again by CardIssueCompleter; a row a killed host left without an
// end is completed 'not-taken' at the next start (recoverUnfinishedIssues): no fee without a card.
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import type { ReplacementBook } from './card-replacement-ports.js';

export const CARD_REPLACEMENT_TYPE = 'card.replacement';

export function outboxReplacementBook(outbox: Pick<Outbox, 'enqueue' | 'keepAnswer' | 'keepCompletion'>, log: HostLogger): ReplacementBook {
  return {
    async book(row: Parameters<ReplacementBook['book']>[0]) {
      const { id } = await outbox.enqueue(CARD_REPLACEMENT_TYPE, { replaces: row.replaces, reason: row.reason, fee: row.fee, newCard: row.newCard });
      log.info({ outboxId: id, reason: row.reason, newCard: row.newCard }, 'card-replacement: booked');
      return { id };
    },
    async keep(id, state) {
      if ('issue' in state) {
        if (state.issue === 'issued') await outbox.keepAnswer(id, { outcome: 'approved', reference: state.reference });
        else if (state.issue === 'declined') await outbox.keepAnswer(id, { outcome: 'declined', reason: state.reason });
        else await outbox.keepAnswer(id, { outcome: 'pending' });
        return;
      }
      if (state.completed === 'pending') await outbox.keepCompletion(id, state.outcome === 'taken' ? 'send-taken' : 'send-not-taken');
      else await outbox.keepCompletion(id, state.completed);
    },
  };
}

type CompleteIssue = (request: { idempotencyKey: string; outcome: 'taken' | 'not-taken' }) => Promise<{ outcome: 'activated' | 'voided' | 'declined' }>;

/** Sends kept completions again; resolves with how many the bank confirmed. */
export async function sendKeptCompletions(outbox: Pick<Outbox, 'completionsToSend' | 'keepCompletion'>, completeIssue: CompleteIssue, log: HostLogger): Promise<number> {
  let confirmed = 0;
  for (const row of await outbox.completionsToSend(50)) {
    const outcome = row.completion === 'send-taken' ? 'taken' : 'not-taken';
    let answer;
    try {
      answer = await completeIssue({ idempotencyKey: row.id, outcome });
    } catch (err) {
      log.debug({ outboxId: row.id, err: (err as Error).message }, 'card-replacement: completion not sent yet');
      return confirmed;
    }
    // Declined: the bank never issued under this key (its answer never came): nothing to void.
    await outbox.keepCompletion(row.id, answer.outcome === 'activated' ? 'activated' : 'voided');
    log.info({ outboxId: row.id, sent: outcome, outcome: answer.outcome }, 'card-replacement: completion confirmed');
    confirmed += 1;
  }
  return confirmed;
}

/**
 * At start: rows an earlier run left without an end are completed 'not-taken' (a card in the
 * dispenser's channel is captured first). Whether a customer took a card just before the kill
 * cannot be known; refunding and voiding is the side that never charges for a card nobody holds.
 */
export async function recoverUnfinishedIssues(outbox: Pick<Outbox, 'unfinishedReplacements' | 'keepCompletion'>, captureChannel: () => Promise<void>, log: HostLogger): Promise<number> {
  const rows = await outbox.unfinishedReplacements();
  if (rows.length === 0) return 0;
  await captureChannel().catch((err: Error) => log.warn({ err: err.message }, 'card-replacement: dispenser channel not cleared at start'));
  for (const row of rows) await outbox.keepCompletion(row.id, 'send-not-taken');
  log.warn({ rows: rows.map((r) => r.id) }, 'card-replacement: replacements left unfinished by the last run will be voided');
  return rows.length;
}
