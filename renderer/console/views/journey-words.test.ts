// Every id the kiosk puts on the expert's screen has words in both console languages: the
// journey step of each kiosk screen, each field it sends, and the media route.
import { describe, expect, it } from 'vitest';
import type { AccountOpeningState } from '../../../electron/bridge/account-opening-contract.js';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import type { QueueService, Ticket } from '../../../electron/bridge/contract.js';
import { journeyStateOf } from '../../kiosk/assist/journey-state.js';
import type { Phase } from '../../kiosk/session/journey.js';
import { CONSOLE_LOCALES, createConsoleI18n, translator } from '../i18n/console-i18n.js';
import { fieldName, fieldValue, knownFields, knownSteps, mediaRoute, stepName } from './journey-words.js';

const service: QueueService = { id: 'deposits', prefix: 'A', name: { 'zh-CN': '个人存取款', en: 'Deposits & withdrawals' }, vip: false };
const ticket: Ticket = { id: 't1', number: 'A001', serviceId: 'deposits', issuedAt: '2026-12-03T08:00:00Z', ahead: 2 };
const bill = { billId: 'WB-1', billerId: 'water-sh', reference: '20456789', payeeName: '张*', period: '2026-11', amount: { minor: 7840, currency: 'CNY' }, fee: { minor: 0, currency: 'CNY' }, dueDate: '2026-12-20', status: 'open' } as const;
const shown = { bill, billerName: { 'zh-CN': '水费', en: 'Water' }, maskedPan: '622202*********0017' };
const total = { minor: 7840, currency: 'CNY' } as const;
const billStates: BillPaymentState[] = [
  { phase: 'bill-entry' },
  { phase: 'bill-shown', bill, billerName: shown.billerName },
  { phase: 'pin', ...shown, digits: 2 },
  { phase: 'review', ...shown, account: null, total, offline: true },
  { phase: 'paying', ...shown, total },
  { phase: 'result', ...shown, total, outcome: 'approved', reference: 'BP-1' },
  { phase: 'stopped', reason: 'timeout' },
];
const account = { accountId: 'A1001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期', en: 'Current' }, available: total, ledger: total } as const;
const onCard = { maskedPan: '622202*********0017' };
const period = { from: '2026-11-01', to: '2026-11-30' };
const accountStates: AccountServicesState[] = [
  { phase: 'card', insertChip: false },
  { phase: 'accounts', ...onCard, accounts: [account], receiptNumber: 'AS-000001' },
  { phase: 'loading', ...onCard, accountId: 'A1001', what: 'mini-statement' },
  { phase: 'mini-statement', ...onCard, account, entries: [], receiptNumber: 'AS-000001' },
  { phase: 'statement-period', ...onCard, account, earliest: '2025-01-01', today: '2026-12-04', maxDays: 366 },
  { phase: 'print-paused', ...onCard, account, period, receiptNumber: 'AS-000001', page: 2, pages: 3, reason: 'paper-out' },
  { phase: 'statement-done', ...onCard, account, period, receiptNumber: 'AS-000001', pages: 3, printedPages: 3 },
  { phase: 'stopped', reason: 'customer' },
];
const openingStates: AccountOpeningState[] = [
  { phase: 'document', passportReader: false },
  { phase: 'confirm', fields: { document: 'cn-id', name: '张*明', idNumber: '110101********1234', sex: 'M', birthYear: 1990, nationality: 'CHN', validTo: 'long-term' } },
  { phase: 'face', idPhoto: { mime: 'image/jpeg', base64: 'AAAA' }, threshold: 0.6, tries: 0 },
  { phase: 'consent', version: 'acct-terms-2026.12' },
  { phase: 'kyc' },
  { phase: 'approval', applicationId: '0190a000-0000-7000-8000-00000000000a', summary: 'Open an account', deadline: 0 },
  { phase: 'opening' },
  { phase: 'opened', maskedAccount: '6222********0001', reference: 'AO-1', receipt: 'printed', cardOffer: false },
  { phase: 'stopped', reason: 'declined' },
];
const card = { cardId: 'K1002', maskedPan: '622202*********0025', expiry: '2908', status: 'active' } as const;
const fee = { minor: 500, currency: 'CNY' } as const;
const replacementStates: CardReplacementState[] = [
  { phase: 'card', insertChip: false, idCard: true },
  { phase: 'pin', maskedId: '110105********0020', digits: 3 },
  { phase: 'choose', cards: [card], fees: { lost: fee, stolen: fee, damaged: fee } },
  { phase: 'review', card, reason: 'lost', fee, account, blocked: true },
  { phase: 'dispensing' },
  { phase: 'new-pin', step: 2, digits: 4, mismatch: false },
  { phase: 'issuing' },
  { phase: 'take-card', maskedPan: '622202*********0015', seconds: 30 },
  { phase: 'done', maskedPan: '622202*********0015', reference: 'CR-20261205-ABCDEF', fee, receipt: 'printed' },
  { phase: 'stopped', reason: 'not-taken', refunded: true },
  { phase: 'stopped', reason: 'device' },
];
// One of each screen the kiosk has (a new phase without a line here fails the type check below).
const phases: Record<Phase['name'], Phase[]> = {
  attract: [{ name: 'attract' }],
  language: [{ name: 'language' }],
  home: [{ name: 'home' }],
  'queue.choose': [{ name: 'queue.choose' }],
  'queue.issuing': [{ name: 'queue.issuing', attempt: 1, service, priority: false }],
  'queue.issueFailed': [{ name: 'queue.issueFailed', attempt: 1, service, priority: true, code: 'PRINTER_NOT_READY' }],
  'queue.ticket': [
    { name: 'queue.ticket', service, ticket, print: { kind: 'printed' } },
    { name: 'queue.ticket', service, ticket, print: { kind: 'failed', code: 'PAPER_OUT' } },
  ],
  bill: billStates.map((state, seq) => ({ name: 'bill', status: { seq, state } })),
  accounts: accountStates.map((state, seq) => ({ name: 'accounts', status: { seq, state } })),
  accountOpening: openingStates.map((state, seq) => ({ name: 'accountOpening', status: { seq, state } })),
  cardReplacement: replacementStates.map((state, seq) => ({ name: 'cardReplacement', status: { seq, state } })),
  feedback: [{ name: 'feedback', about: { journey: 'queue-ticket', service: 'cash', reference: 'A1023' } }],
  'appointment.book': [{ name: 'appointment.book' }],
  'appointment.checkIn': [{ name: 'appointment.checkIn', problem: null }, { name: 'appointment.checkIn', problem: 'ALREADY_USED' }],
  recommendation: [
    {
      name: 'recommendation',
      offer: { offerId: '0190a000-0000-7000-8000-000000000001', kind: 'service-info', title: { 'zh-CN': '请备好身份证', en: 'Have your ID ready' }, text: { 'zh-CN': '开户需要身份证。', en: 'Bring your ID.' }, action: { type: 'none' } },
      about: { journey: 'queue-ticket', service: 'cash', reference: 'A1023' },
    },
  ],
};
const sent = Object.values(phases)
  .flat()
  .flatMap((phase) => [true, false].map((elder) => journeyStateOf({ phase, locale: 'en', elder, defaultLocale: 'zh-CN' })));

describe('console words for kiosk ids', () => {
  const i18n = createConsoleI18n();

  it('knows every journey step and field the kiosk sends', () => {
    expect(sent.map((s) => s.journeyStep).filter((step) => !knownSteps().includes(step))).toEqual([]);
    expect(sent.flatMap((s) => Object.keys(s.fields)).filter((field) => !knownFields().includes(field))).toEqual([]);
  });

  it.each(CONSOLE_LOCALES)('shows words, not ids, in %s', (locale) => {
    const t = translator(i18n, locale);
    for (const state of sent) {
      expect(stepName(t, state.journeyStep)).not.toMatch(/[a-z]+-[a-z]+|\//);
      for (const [field, value] of Object.entries(state.fields)) {
        expect(fieldName(t, field)).not.toMatch(/^[a-z-]+$/);
        if (field !== 'ticket' && field !== 'service') expect(fieldValue(t, field, value), `${field} ${value}`).not.toBe(value);
      }
    }
    expect(stepName(t, 'card-replace/insert-card')).toBe(t('journey.steps.other'));
    // A code this console does not know is still not shown as a code.
    expect(fieldValue(t, 'print-error', 'JAM_2031')).toBe(t('journey.values.printer.fault'));
    expect(fieldValue(t, 'error', 'QUOTA')).toBe(t('journey.values.errors.generic'));
  });

  it('names the media route in words', () => {
    const t = translator(i18n, 'en');
    expect(mediaRoute(t, 'host', 'host')).toBe('Direct (local network)');
    expect(mediaRoute(t, 'srflx', 'host')).toBe('Direct (through NAT)');
    expect(mediaRoute(t, 'host', 'relay')).toBe('Through the relay server');
    expect(mediaRoute(t, null, null)).toBeNull();
  });
});
