// The bill-payment journey's book is the outbox: a payment is a `bill.payment` row before any
// money moves, and the row id is the idempotency key the hub honours for the online call and
// again when sync delivers the row. The authorisation (card session with its fallback, or the
// sealed card and PIN block to forward) is one encrypted field (outbox-config sensitiveFields),
// so the fallback of an online row is encrypted at rest exactly as an offline row's card and PIN
// block are. The online answer is logged with the row id — reference and outcome only, never
// card data — and kept on the row itself (Outbox.keepAnswer), so the kiosk's record of what the
// customer was told outlives the log.
import { BILL_PAYMENT_TYPE, toStoredPinBlock, type BillPaymentItem } from '../../../protocol/bill-payment-item.js';
import { addMoney } from '../../../protocol/money.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox, OutboxAnswer } from '../outbox.node.js';
import type { PaymentBook, PaymentRecord } from './bill-payment-ports.js';

export function outboxPaymentBook(outbox: Pick<Outbox, 'enqueue' | 'keepAnswer'>, log: HostLogger): PaymentBook {
  return {
    async record(payment: PaymentRecord) {
      const { authorisation } = payment;
      const item: BillPaymentItem = {
        billId: payment.billId,
        billerId: payment.billerId,
        reference: payment.reference,
        amount: payment.amount,
        fee: payment.fee,
        maskedPan: payment.maskedPan,
        authorisation:
          authorisation.kind === 'session'
            ? { kind: 'session', sessionId: authorisation.sessionId, accountId: authorisation.accountId, fallback: { card: authorisation.fallback.card, pin: toStoredPinBlock(authorisation.fallback.pin) } }
            : { kind: 'forward', card: authorisation.card, pin: toStoredPinBlock(authorisation.pin) },
      };
      // amountMinor feeds the offline limits (per transaction, cumulative) for this type.
      const { id } = await outbox.enqueue(BILL_PAYMENT_TYPE, item, { amountMinor: addMoney(payment.amount, payment.fee).minor });
      log.info({ outboxId: id, billId: payment.billId, card: payment.maskedPan, offline: authorisation.kind === 'forward' }, 'bill-payment: booked');
      return { id };
    },
    async settle(id, result) {
      const answer: OutboxAnswer =
        result.outcome === 'approved' ? { outcome: 'approved', reference: result.reference } : result.outcome === 'declined' ? { outcome: 'declined', reason: result.reason } : { outcome: 'pending' };
      log.info({ outboxId: id, ...answer }, 'bill-payment: answer');
      await outbox.keepAnswer(id, answer);
    },
  };
}
