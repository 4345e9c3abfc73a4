// Host codes → catalogue keys, and money, dates and balances as the customer's language says
// them. Amounts come from integer minor units (protocol/money.ts), never through a float;
// dates are the bank's own (no time-zone shift).
import type { TFunction } from 'i18next';
import type { AccountServicesStop, PrintPause } from '../../../electron/bridge/account-services-contract.js';
import type { Locale } from '../../../electron/bridge/contract.js';
import type { AccountSummary, DeclineReason } from '../../../protocol/core-banking.js';
import { formatMoney, type Money } from '../../../protocol/money.js';

export const money = (amount: Money, locale: Locale): string => formatMoney(amount, locale);

/** Money in or out, with its sign always written: "+¥100.00", "-¥45.50" (colour is never the only cue). */
export function signedMoney(amount: Money, locale: Locale): string {
  const text = formatMoney(amount, locale);
  return amount.minor > 0 ? `+${text}` : text;
}

/** "2026-12-04" (or the date part of a booking time, as the bank booked it) → "2026年12月4日" / "Dec 4, 2026". */
export function shortDate(iso: string, locale: Locale): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** The last four digits of a masked account number, which is what a customer recognises and what is read aloud. */
export const lastFour = (maskedNumber: string): string => maskedNumber.replace(/\D/g, '').slice(-4);

/** What "read my balances" says: each account by name and last four digits, then its two balances. */
export function balancesSpeech(accounts: readonly AccountSummary[], locale: Locale, t: TFunction): string {
  return accounts
    .map((account) =>
      t('accounts.balances.spoken', {
        name: account.name[locale],
        last4: lastFour(account.maskedNumber),
        available: money(account.available, locale),
        ledger: money(account.ledger, locale),
      }),
    )
    .join(' ');
}

export const stopKey = {
  customer: 'accounts.stopped.customer',
  timeout: 'accounts.stopped.timeout',
  'card-removed': 'accounts.stopped.cardRemoved',
  declined: 'accounts.stopped.declined',
  device: 'accounts.stopped.device',
  'hub-unreachable': 'accounts.stopped.hubUnreachable',
} as const satisfies Record<AccountServicesStop, string>;

export const pauseKey = {
  'paper-out': 'accounts.paused.paperOut',
  'cover-open': 'accounts.paused.coverOpen',
  'printer-error': 'accounts.paused.printerError',
} as const satisfies Record<PrintPause, string>;

// The card's reasons are the same words as in bill payment; the bill's own never end this journey.
export const declineKey = {
  'insufficient-funds': 'accounts.declined.other',
  'wrong-pin': 'bill.declined.wrongPin',
  'pin-tries-exceeded': 'bill.declined.pinTriesExceeded',
  'card-blocked': 'bill.declined.cardBlocked',
  'card-expired': 'bill.declined.cardExpired',
  'unknown-card': 'bill.declined.unknownCard',
  'insert-chip': 'bill.declined.insertChip',
  'card-unreadable': 'bill.declined.cardUnreadable',
  'pin-block-invalid': 'bill.declined.pinBlockInvalid',
  'bill-already-paid': 'accounts.declined.other',
  'amount-mismatch': 'accounts.declined.other',
  'unknown-bill': 'accounts.declined.other',
  'unknown-account': 'accounts.declined.unknownAccount',
  'currency-mismatch': 'accounts.declined.other',
  'limit-exceeded': 'accounts.declined.other',
  'session-expired': 'bill.declined.sessionExpired',
  'unknown-customer': 'accounts.declined.unknownCustomer',
  'id-expired': 'accounts.declined.idExpired',
  // Card replacement's own reasons; they never end this journey.
  'pin-mismatch': 'accounts.declined.other',
  'card-not-issuable': 'accounts.declined.other',
} as const satisfies Record<DeclineReason, string>;
