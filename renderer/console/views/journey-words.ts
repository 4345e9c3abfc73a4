// The kiosk names where the customer is with stable ids (journey steps, field names) and
// getStats() names the media route with candidate types, so hub records and logs can match
// them. An expert reads words: every id shown on the console goes through here. An id this
// console does not know (a newer kiosk) becomes a plain phrase, never the raw id.
import type { ConsoleKey, Translate } from '../i18n/console-i18n.js';

const STEPS: Record<string, ConsoleKey> = {
  attract: 'journey.steps.attract',
  language: 'journey.steps.language',
  home: 'journey.steps.home',
  'queue-ticket/choose-service': 'journey.steps.queueChoose',
  'queue-ticket/printing': 'journey.steps.queuePrinting',
  'queue-ticket/failed': 'journey.steps.queueFailed',
  'queue-ticket/ticket': 'journey.steps.queueTicket',
  'bill-payment/bill-entry': 'journey.steps.billEntry',
  'bill-payment/bill': 'journey.steps.billShown',
  'bill-payment/card': 'journey.steps.billCard',
  'bill-payment/review': 'journey.steps.billReview',
  'bill-payment/paying': 'journey.steps.billPaying',
  'bill-payment/result': 'journey.steps.billResult',
  'bill-payment/stopped': 'journey.steps.billStopped',
  'account-services/card': 'journey.steps.accountsCard',
  'account-services/balances': 'journey.steps.accountsBalances',
  'account-services/loading': 'journey.steps.accountsLoading',
  'account-services/mini-statement': 'journey.steps.accountsRecent',
  'account-services/statement-period': 'journey.steps.accountsPeriod',
  'account-services/printing': 'journey.steps.accountsPrinting',
  'account-services/done': 'journey.steps.accountsDone',
  'account-services/stopped': 'journey.steps.accountsStopped',
  'account-opening/document': 'journey.steps.openingDocument',
  'account-opening/confirm': 'journey.steps.openingConfirm',
  'account-opening/face': 'journey.steps.openingFace',
  'account-opening/consent': 'journey.steps.openingConsent',
  'account-opening/kyc': 'journey.steps.openingKyc',
  'account-opening/approval': 'journey.steps.openingApproval',
  'account-opening/opening': 'journey.steps.openingOpening',
  'account-opening/opened': 'journey.steps.openingOpened',
  'account-opening/stopped': 'journey.steps.openingStopped',
  'card-replacement/sign-in': 'journey.steps.replaceSignIn',
  'card-replacement/choose': 'journey.steps.replaceChoose',
  'card-replacement/review': 'journey.steps.replaceReview',
  'card-replacement/dispensing': 'journey.steps.replaceDispensing',
  'card-replacement/new-pin': 'journey.steps.replaceNewPin',
  'card-replacement/issuing': 'journey.steps.replaceIssuing',
  'card-replacement/take-card': 'journey.steps.replaceTakeCard',
  'card-replacement/done': 'journey.steps.replaceDone',
  'card-replacement/stopped': 'journey.steps.replaceStopped',
  'card-replacement/device-fault': 'journey.steps.replaceDeviceFault',
  'appointment/book': 'journey.steps.appointmentBook',
  'appointment/check-in': 'journey.steps.appointmentCheckIn',
  feedback: 'journey.steps.feedback',
  recommendation: 'journey.steps.recommendation',
};

const FIELDS: Record<string, ConsoleKey> = {
  service: 'journey.fields.service',
  ticket: 'journey.fields.ticket',
  print: 'journey.fields.print',
  'print-error': 'journey.fields.printError',
  error: 'journey.fields.error',
  locale: 'journey.fields.locale',
  'large-text': 'journey.fields.largeText',
};

const PRINT_FAILURES: Record<string, ConsoleKey> = {
  PAPER_OUT: 'journey.values.printer.paperOut',
  COVER_OPEN: 'journey.values.printer.coverOpen',
  OFFLINE: 'journey.values.printer.notConnected',
  DEVICE_UNAVAILABLE: 'journey.values.printer.notConnected',
  TIMEOUT: 'journey.values.printer.fault',
  IO: 'journey.values.printer.fault',
  PRINTER_NOT_READY: 'journey.values.printer.notReady',
};

const ISSUE_ERRORS: Record<string, ConsoleKey> = {
  PRINTER_NOT_READY: 'journey.values.printer.notReady',
  DEVICE_UNAVAILABLE: 'journey.values.errors.deviceUnavailable',
  OFFLINE_NOT_ALLOWED: 'journey.values.errors.offlineNotAllowed',
  STORAGE_FULL: 'journey.values.errors.storageFull',
  NOT_FOUND: 'journey.values.errors.notFound',
};

const VALUES: Record<string, Record<string, ConsoleKey>> = {
  locale: { 'zh-CN': 'languages.zh-CN', en: 'languages.en' },
  'large-text': { on: 'journey.values.on', off: 'journey.values.off' },
  print: { printed: 'journey.values.printed', failed: 'journey.values.failed', reprinting: 'journey.values.reprinting' },
  'print-error': PRINT_FAILURES,
  error: ISSUE_ERRORS,
};

/** Fields whose values are codes, never words: an unknown code gets a general word. */
const CODE_FALLBACK: Record<string, ConsoleKey> = {
  'print-error': 'journey.values.printer.fault',
  error: 'journey.values.errors.generic',
};

const lookup = (table: Record<string, ConsoleKey>, id: string): ConsoleKey | undefined => (Object.hasOwn(table, id) ? table[id] : undefined);

export const knownSteps = (): string[] => Object.keys(STEPS);
export const knownFields = (): string[] => Object.keys(FIELDS);

export function stepName(t: Translate, step: string): string {
  return t(lookup(STEPS, step) ?? 'journey.steps.other');
}

export function fieldName(t: Translate, field: string): string {
  return t(lookup(FIELDS, field) ?? 'journey.fields.other');
}

/** Values with a fixed vocabulary are translated; free values (a ticket number) pass through. */
export function fieldValue(t: Translate, field: string, value: string): string {
  const table = Object.hasOwn(VALUES, field) ? VALUES[field] : undefined;
  const key = (table && lookup(table, value)) ?? lookup(CODE_FALLBACK, field);
  return key ? t(key) : value;
}

/**
 * The media route in one word: relayed if either end goes through TURN, through NAT if
 * either end is a reflexive address, else direct on the local network.
 */
export function mediaRoute(t: Translate, local: string | null, remote: string | null): string | null {
  if (local === null) return null;
  const ends = [local, remote];
  if (ends.includes('relay')) return t('quality.routes.relay');
  if (ends.includes('srflx') || ends.includes('prflx')) return t('quality.routes.nat');
  return t('quality.routes.direct');
}
