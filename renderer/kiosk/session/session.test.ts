import { describe, expect, it } from 'vitest';
import type { QueueService, Ticket } from '../../../electron/bridge/contract.js';
import { backTarget, journeyReducer, type Phase } from './journey.js';
import { initialSession, sessionReducer, type SessionEvent, type SessionState } from './session.js';

const service: QueueService = { id: 'cash', prefix: 'A', name: { 'zh-CN': '个人存取款', en: 'Deposits' }, vip: false };
const ticket: Ticket = { id: 't1', number: 'A1023', serviceId: 'cash', issuedAt: '2026-11-23T09:00:00Z', ahead: 2 };

const run = (events: SessionEvent[], from: SessionState = initialSession('zh-CN')) => events.reduce(sessionReducer, from);
const toIssuing: SessionEvent[] = [
  { type: 'start' },
  { type: 'languageChosen', locale: 'en' },
  { type: 'openQueue' },
  { type: 'issueStarted', attempt: 1, service, priority: false },
];

describe('journey', () => {
  it('walks attract → language → home → choose → issuing → ticket', () => {
    const state = run([...toIssuing, { type: 'ticketIssued', attempt: 1, ticket, print: { printed: true } }]);
    expect(state.phase).toEqual({ name: 'queue.ticket', service, ticket, print: { kind: 'printed' } });
    expect(state.locale).toBe('en');
  });

  it('keeps the number and the reason when the ticket did not print, then reprints', () => {
    let state = run([...toIssuing, { type: 'ticketIssued', attempt: 1, ticket, print: { printed: false, code: 'PRINTER_NOT_READY' } }]);
    expect(state.phase).toMatchObject({ name: 'queue.ticket', print: { kind: 'failed', code: 'PRINTER_NOT_READY' } });
    state = run([{ type: 'reprintStarted' }], state);
    expect(state.phase).toMatchObject({ print: { kind: 'reprinting' } });
    state = run([{ type: 'reprintFinished', ticketId: 'other', print: { printed: true } }], state);
    expect(state.phase).toMatchObject({ print: { kind: 'reprinting' } });
    state = run([{ type: 'reprintFinished', ticketId: 't1', print: { printed: true } }], state);
    expect(state.phase).toMatchObject({ print: { kind: 'printed' } });
  });

  it('treats a print failure without a code as a failure', () => {
    const state = run([...toIssuing, { type: 'ticketIssued', attempt: 1, ticket, print: { printed: false } }]);
    expect(state.phase).toMatchObject({ print: { kind: 'failed', code: 'PRINTER_NOT_READY' } });
  });

  it('ignores a late answer for an attempt the customer already left', () => {
    const afterHome = run([...toIssuing, { type: 'home' }]);
    const late = run([{ type: 'ticketIssued', attempt: 1, ticket, print: { printed: true } }], afterHome);
    expect(late.phase).toEqual({ name: 'home' });

    const retried = run([{ type: 'openQueue' }, { type: 'issueStarted', attempt: 2, service, priority: false }], afterHome);
    const staleFailure = run([{ type: 'issueFailed', attempt: 1, code: 'INTERNAL' }], retried);
    expect(staleFailure.phase).toMatchObject({ name: 'queue.issuing', attempt: 2 });
    const staleTicket = run([{ type: 'ticketIssued', attempt: 1, ticket, print: { printed: true } }], retried);
    expect(staleTicket.phase).toMatchObject({ name: 'queue.issuing', attempt: 2 });
  });

  it('retries from the failure screen', () => {
    const failed = run([...toIssuing, { type: 'issueFailed', attempt: 1, code: 'DEVICE_UNAVAILABLE' }]);
    expect(failed.phase).toMatchObject({ name: 'queue.issueFailed', code: 'DEVICE_UNAVAILABLE' });
    expect(run([{ type: 'issueStarted', attempt: 2, service, priority: false }], failed).phase).toMatchObject({ name: 'queue.issuing', attempt: 2 });
  });

  it('offers Back only where it leads somewhere', () => {
    const issuing: Phase = { name: 'queue.issuing', attempt: 1, service, priority: false };
    expect(backTarget({ name: 'queue.choose' })).toEqual({ name: 'home' });
    expect(backTarget({ name: 'home' })).toEqual({ name: 'language' });
    expect(backTarget(issuing)).toBeNull();
    expect(journeyReducer(issuing, { type: 'back' })).toBe(issuing);
  });

  it('does not leave attract except by start', () => {
    const attract = initialSession('zh-CN');
    expect(run([{ type: 'home' }, { type: 'openQueue' }], attract).phase).toEqual({ name: 'attract' });
  });
});

describe('session wipe', () => {
  it('reset restores default language and normal text', () => {
    const busy = run([...toIssuing, { type: 'elderToggled' }], initialSession('zh-CN'));
    expect(busy).toMatchObject({ locale: 'en', elder: true });
    expect(run([{ type: 'reset' }], busy)).toEqual(initialSession('zh-CN'));
  });

  it('backing out to attract wipes the session too', () => {
    const state = run([{ type: 'start' }, { type: 'elderToggled' }, { type: 'localeToggled' }, { type: 'back' }]);
    expect(state).toEqual(initialSession('zh-CN'));
  });

  it('keeps the configured default language', () => {
    const state = run([{ type: 'start' }, { type: 'localeToggled' }, { type: 'reset' }], initialSession('en'));
    expect(state.locale).toBe('en');
  });
});

describe('account opening in the session', () => {
  const toOpening: SessionEvent[] = [{ type: 'start' }, { type: 'languageChosen', locale: 'en' }, { type: 'openAccountOpening' }];

  it('keeps the newest host state only, and none once the journey is off screen', () => {
    let state = run([...toOpening, { type: 'accountOpeningStatus', status: { seq: 3, state: { phase: 'kyc' } } }]);
    expect(state.phase).toEqual({ name: 'accountOpening', status: { seq: 3, state: { phase: 'kyc' } } });
    state = run([{ type: 'accountOpeningStatus', status: { seq: 2, state: { phase: 'consent', version: 'acct-terms-2026.12' } } }], state);
    expect(state.phase).toMatchObject({ status: { seq: 3 } });
    state = run([{ type: 'home' }, { type: 'accountOpeningStatus', status: { seq: 4, state: { phase: 'submitting' } } }], state);
    expect(state.phase).toEqual({ name: 'home' });
  });

  it('refuses Home while the bank opens the account, and Back past the reader', () => {
    const opening = run([...toOpening, { type: 'accountOpeningStatus', status: { seq: 1, state: { phase: 'opening' } } }]);
    expect(run([{ type: 'home' }], opening).phase).toMatchObject({ name: 'accountOpening', status: { state: { phase: 'opening' } } });
    const atReader = run([...toOpening, { type: 'accountOpeningStatus', status: { seq: 1, state: { phase: 'document', passportReader: false } } }]);
    expect(backTarget(atReader.phase)).toEqual({ name: 'home' });
    const kyc = run([{ type: 'accountOpeningStatus', status: { seq: 2, state: { phase: 'kyc' } } }], atReader);
    expect(backTarget(kyc.phase)).toBeNull();
    expect(run([{ type: 'home' }], kyc).phase).toEqual({ name: 'home' });
  });
});
