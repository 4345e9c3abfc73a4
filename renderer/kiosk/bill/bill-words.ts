// Host codes → catalogue keys, and money and dates as the customer's language writes them.
// Amounts are formatted from integer minor units (protocol/money.ts), never through a float.
import type { BillPaymentState, BillPaymentStop } from '../../../electron/bridge/bill-payment-contract.js';
import type { Locale } from '../../../electron/bridge/contract.js';
import type { DeclineReason } from '../../../protocol/core-banking.js';
import { formatMoney, type Money } from '../../../protocol/money.js';

export const money = (amount: Money, locale: Locale): string => formatMoney(amount, locale);

/** "2026-12-20" → "2026年12月20日" / "December 20, 2026"; the bank's date, shown as is (no time zone shift). */
export function dueDate(iso: string, locale: Locale): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

type Problem = NonNullable<Extract<BillPaymentState, { phase: 'bill-entry' }>['problem']>;

export const problemKey = {
  'unknown-bill': 'bill.problems.unknownBill',
  'bill-already-paid': 'bill.problems.alreadyPaid',
  'unreadable-code': 'bill.problems.unreadableCode',
  'hub-unreachable': 'bill.problems.hubUnreachable',
} as const satisfies Record<Problem, string>;

export const stopKey = {
  customer: 'bill.stopped.customer',
  timeout: 'bill.stopped.timeout',
  'card-removed': 'bill.stopped.cardRemoved',
  declined: 'bill.stopped.declined',
  device: 'bill.stopped.device',
  'hub-unreachable': 'bill.stopped.hubUnreachable',
  'offline-limit': 'bill.stopped.offlineLimit',
} as const satisfies Record<BillPaymentStop, string>;

export const declineKey = {
  'insufficient-funds': 'bill.declined.insufficientFunds',
  'wrong-pin': 'bill.declined.wrongPin',
  'pin-tries-exceeded': 'bill.declined.pinTriesExceeded',
  'card-blocked': 'bill.declined.cardBlocked',
  'card-expired': 'bill.declined.cardExpired',
  'unknown-card': 'bill.declined.unknownCard',
  'insert-chip': 'bill.declined.insertChip',
  'card-unreadable': 'bill.declined.cardUnreadable',
  'pin-block-invalid': 'bill.declined.pinBlockInvalid',
  'bill-already-paid': 'bill.declined.billAlreadyPaid',
  'amount-mismatch': 'bill.declined.amountMismatch',
  'unknown-bill': 'bill.declined.unknownBill',
  'unknown-account': 'bill.declined.unknownAccount',
  'currency-mismatch': 'bill.declined.currencyMismatch',
  'limit-exceeded': 'bill.declined.limitExceeded',
  'session-expired': 'bill.declined.sessionExpired',
  'unknown-customer': 'accounts.declined.unknownCustomer',
  'id-expired': 'accounts.declined.idExpired',
  // Card replacement's own reasons; they never end this journey.
  'pin-mismatch': 'bill.declined.unknownCard',
  'card-not-issuable': 'bill.declined.unknownCard',
} as const satisfies Record<DeclineReason, string>;
