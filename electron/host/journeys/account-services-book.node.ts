// The balances-and-statements journey's book is the outbox: one row per completed enquiry
// (protocol/account-services-item.ts), checked against its schema before it is stored, so a
// row the hub would refuse never waits in the outbox. Rows hold masked account numbers and the
// receipt number only — no balances, no entries — so no field needs encrypting; the log line
// names the type and receipt number.
import { balanceEnquiryItemSchema, BALANCE_ENQUIRY_TYPE, miniStatementItemSchema, MINI_STATEMENT_TYPE, statementPrintedItemSchema, type AccountServiceItem } from '../../../protocol/account-services-item.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import type { EnquiryBook } from './account-services-ports.js';

function checked(row: AccountServiceItem): Record<string, unknown> {
  if (row.type === BALANCE_ENQUIRY_TYPE) return balanceEnquiryItemSchema.parse(row.item);
  if (row.type === MINI_STATEMENT_TYPE) return miniStatementItemSchema.parse(row.item);
  return statementPrintedItemSchema.parse(row.item);
}

export function outboxEnquiryBook(outbox: Pick<Outbox, 'enqueue'>, log: HostLogger, afterRecord: () => void = () => undefined): EnquiryBook {
  return {
    async record(row) {
      // A record of what already happened (the customer has seen the balance, the paper is
      // out): offline rules and back-pressure decide whether a transaction may START, never
      // whether one that took place is kept. Refused, a statement stopped by a host that died
      // would be lost whenever the hub is away at the restart (found by the kill test).
      const { id } = await outbox.enqueue(row.type, checked(row), { bypassAdmission: true });
      log.info({ outboxId: id, type: row.type, receiptNumber: row.item.receiptNumber }, 'account-services: enquiry recorded');
      afterRecord();
    },
  };
}
