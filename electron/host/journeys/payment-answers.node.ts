// Keeps the bank's answer on every bill-payment row, also for the ones whose answer the journey
// never had: a host killed between the bank's approval and the receipt, or a payment stored
// offline that the hub forwarded later. Once the hub holds a row (acked), this asks it what the
// bank said and keeps a final answer on the row (Outbox.keepAnswer); a row still waiting at the
// hub, or one staff must look at (unconfirmed, invalid), is asked again next round. Rows older
// than a week are no longer asked: by then staff have followed them up at the hub.
import { BILL_PAYMENT_TYPE } from '../../../protocol/bill-payment-item.js';
import type { PaymentAnswer } from '../../../protocol/core-banking.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox, OutboxAnswer } from '../outbox.node.js';
import { HubUnreachableError } from './bill-payment-ports.js';

const ASK_AT_MOST = 100;
const ASK_FOR_MS = 7 * 24 * 60 * 60_000;

export interface PaymentAnswerDeps {
  outbox: Pick<Outbox, 'unansweredPayments' | 'keepAnswer'>;
  bank: { paymentAnswers(transactionIds: readonly string[]): Promise<PaymentAnswer[]> };
  log: HostLogger;
  now?: () => number;
  /** Between rounds; the first round runs this long after start too. */
  intervalMs?: number;
}

const finalAnswer = (a: PaymentAnswer): OutboxAnswer | null =>
  a.status === 'approved' && a.reference ? { outcome: 'approved', reference: a.reference } : a.status === 'declined' && a.reason ? { outcome: 'declined', reason: a.reason } : null;

export class PaymentAnswerFollower {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly deps: PaymentAnswerDeps) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One round; resolves with how many answers it kept. Rounds never overlap. */
  runOnce(): Promise<number> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((err: Error) => this.deps.log.warn({ err: err.message }, 'payment answers: round failed'))
        .finally(() => this.schedule());
    }, this.deps.intervalMs ?? 60_000);
    this.timer.unref?.();
  }

  private async round(): Promise<number> {
    const { outbox, bank, log } = this.deps;
    const since = new Date((this.deps.now ?? Date.now)() - ASK_FOR_MS).toISOString();
    const rows = await outbox.unansweredPayments(ASK_AT_MOST, since);
    if (rows.length === 0) return 0;
    let answers: PaymentAnswer[];
    try {
      answers = await bank.paymentAnswers(rows.map((r) => r.id));
    } catch (err) {
      if (err instanceof HubUnreachableError) return 0;
      throw err;
    }
    let kept = 0;
    for (const answer of answers) {
      const final = finalAnswer(answer);
      if (!final) continue;
      await outbox.keepAnswer(answer.transactionId, final);
      log.info({ outboxId: answer.transactionId, type: BILL_PAYMENT_TYPE, ...final }, 'payment answers: kept the bank’s answer');
      kept++;
    }
    return kept;
  }
}
