// Host codes → catalogue keys for card replacement: why it stopped, why the bank said no, the
// reason for a new card and the status of a card. Money and card expiry as the customer's
// language writes them.
import type { CardReplacementStop } from '../../../electron/bridge/card-replacement-contract.js';
import type { Locale } from '../../../electron/bridge/contract.js';
import type { ReplacementReason } from '../../../protocol/card-replacement.js';
import type { CardStatus, DeclineReason } from '../../../protocol/core-banking.js';
import { formatMoney, type Money } from '../../../protocol/money.js';

export const money = (amount: Money, locale: Locale): string => formatMoney(amount, locale);

/** "3112" (YYMM) → month 12, year 2031. */
export function expiryParts(yymm: string): { month: string; year: string } {
  return { month: yymm.slice(2, 4), year: `20${yymm.slice(0, 2)}` };
}

export const reasonKey = {
  lost: 'cardReplacement.choose.lost',
  stolen: 'cardReplacement.choose.stolen',
  damaged: 'cardReplacement.choose.damaged',
} as const satisfies Record<ReplacementReason, string>;

export const cardStatusKey = {
  active: 'cardReplacement.choose.status.active',
  blocked: 'cardReplacement.choose.status.blocked',
  expired: 'cardReplacement.choose.status.expired',
  'replacement-ordered': 'cardReplacement.choose.status.replacement-ordered',
  issued: 'cardReplacement.choose.status.issued',
  voided: 'cardReplacement.choose.status.voided',
} as const satisfies Record<CardStatus, string>;

export const stopKey = {
  customer: 'cardReplacement.stopped.customer',
  timeout: 'cardReplacement.stopped.timeout',
  'card-removed': 'cardReplacement.stopped.cardRemoved',
  declined: 'cardReplacement.stopped.declined',
  device: 'cardReplacement.stopped.device',
  'hub-unreachable': 'cardReplacement.stopped.hubUnreachable',
  'not-taken': 'cardReplacement.stopped.notTaken',
  'face-check': 'cardReplacement.stopped.faceCheck',
} as const satisfies Record<CardReplacementStop, string>;

// The card's sign-in reasons are bill payment's and balances' words; the replacement's own are here.
export const declineKey = {
  'insufficient-funds': 'cardReplacement.declined.insufficientFunds',
  'wrong-pin': 'bill.declined.wrongPin',
  'pin-tries-exceeded': 'bill.declined.pinTriesExceeded',
  'card-blocked': 'cardReplacement.declined.cardBlocked',
  'card-expired': 'bill.declined.cardExpired',
  'unknown-card': 'cardReplacement.declined.unknownCard',
  'insert-chip': 'bill.declined.insertChip',
  'card-unreadable': 'bill.declined.cardUnreadable',
  'pin-block-invalid': 'bill.declined.pinBlockInvalid',
  'bill-already-paid': 'cardReplacement.declined.other',
  'amount-mismatch': 'cardReplacement.declined.other',
  'unknown-bill': 'cardReplacement.declined.other',
  'unknown-account': 'accounts.declined.unknownAccount',
  'currency-mismatch': 'cardReplacement.declined.other',
  'limit-exceeded': 'cardReplacement.declined.other',
  'session-expired': 'bill.declined.sessionExpired',
  'unknown-customer': 'accounts.declined.unknownCustomer',
  'id-expired': 'accounts.declined.idExpired',
  'pin-mismatch': 'cardReplacement.declined.pinMismatch',
  'card-not-issuable': 'cardReplacement.declined.cardNotIssuable',
} as const satisfies Record<DeclineReason, string>;
