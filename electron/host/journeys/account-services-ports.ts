// What the balances-and-statements journey needs from the world, as narrow ports: the hub's
// banking routes by card session, the card reader and PIN pad (shared with bill payment), the
// receipt printer page by page, and the outbox for one row per completed enquiry.
import type { PrintPause, StatementPeriod } from '../../bridge/account-services-contract.js';
import type { AccountServiceItem, StatementPrintedItem } from '../../../protocol/account-services-item.js';
import type { AccountsResponse, AccountSummary, StatementEntry, StatementResponse } from '../../../protocol/core-banking.js';
import type { Money } from '../../../protocol/money.js';
import type { BankPort, CardPort } from './bill-payment-ports.js';
import type { IdentityBankPort } from './identity-authorisation.js';

export type SlipLocale = 'zh-CN' | 'en';

/** `identityChallenge` / `authoriseIdentity`: sign-in by China ID card + PIN; without them an ID card is refused. */
export interface AccountsBankPort extends Pick<BankPort, 'authorise' | 'endSession'>, Partial<IdentityBankPort> {
  accounts(sessionId: string): Promise<AccountsResponse>;
  miniStatement(request: { sessionId: string; accountId: string; limit: number }): Promise<StatementResponse>;
  statement(request: { sessionId: string; accountId: string; from: string; to: string }): Promise<StatementResponse>;
}

/** The shared card port, and word of a card that left the reader after it was read. */
export interface AccountCardPort extends CardPort {
  /** Returns the unsubscribe; a reader that cannot tell never calls back. */
  onRemoved?(cb: () => void): () => void;
}

export interface BalanceSlip {
  locale: SlipLocale;
  receiptNumber: string;
  maskedPan: string;
  accounts: readonly AccountSummary[];
}

export interface MiniStatementSlip {
  locale: SlipLocale;
  receiptNumber: string;
  maskedPan: string;
  account: AccountSummary;
  /** Newest first, as the bank sends them. */
  entries: readonly StatementEntry[];
}

/** One statement page: its own printer job, complete in itself (header, entries, balances, page N of M). */
export interface StatementPageSlip {
  locale: SlipLocale;
  receiptNumber: string;
  account: AccountSummary;
  period: StatementPeriod;
  page: number;
  pages: number;
  /** Oldest first. */
  entries: readonly StatementEntry[];
  broughtForward: Money;
  carriedForward: Money;
  /** On the last page: the bank returned fewer entries than the period holds. */
  truncated: boolean;
}

/** A page came out whole, or the printer stopped and the page must print again. */
export type PageOutcome = { printed: true } | { printed: false; pause: PrintPause };

export interface AccountSlipPrinter {
  /** True when printed; false when the printer could not (the screen says so). */
  printBalances(slip: BalanceSlip): Promise<boolean>;
  printMiniStatement(slip: MiniStatementSlip): Promise<boolean>;
  printStatementPage(page: StatementPageSlip): Promise<PageOutcome>;
}

/** The outbox: one row per completed enquiry (protocol/account-services-item.ts). */
export interface EnquiryBook {
  record(row: AccountServiceItem): Promise<void>;
}

/** The statement now printing, kept durable so a killed host still closes it (statement-in-print.node.ts). */
export interface StatementInPrintPort {
  save(statement: Omit<StatementPrintedItem, 'outcome'>): Promise<void>;
  clear(): Promise<void>;
}

/** The statement period rules of the bank. */
export interface StatementPolicy {
  /** Today in the bank's calendar (YYYY-MM-DD). */
  today(): string;
  /** How far back statements go, in days before today. */
  historyDays: number;
  /** The longest period one statement covers, in days (inclusive). */
  maxDays: number;
  /** Entries per statement page. */
  entriesPerPage: number;
}
