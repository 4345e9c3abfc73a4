import { describe, expect, it } from 'vitest';
import type { CallMessage } from '../../../protocol/call-messages.js';
import type { QueueEntry } from '../../../protocol/assist-values.js';
import { applyKioskMessage, applySent, markAuthorization, newCallView } from './call-state.js';

const REQUEST: QueueEntry = { requestId: '018f0000-0000-7000-8000-000000000002', kioskId: 'K01', language: 'en', topic: 'cards', priorityClass: 'standard', journeyStep: 'home', waitedSec: 3 };
const AUTH = '018f0000-0000-7000-8000-00000000000a';
const call = () => newCallView('018f0000-0000-7000-8000-000000000003', REQUEST, [], 0);

describe('the in-call view', () => {
  it('keeps chat from both sides in order', () => {
    const fromKiosk: CallMessage = { v: 1, type: 'chat', id: '018f0000-0000-7000-8000-000000000010', from: 'kiosk', text: 'hello', at: '2026-11-23T09:00:00.000Z' };
    const fromExpert: CallMessage = { ...fromKiosk, id: '018f0000-0000-7000-8000-000000000011', from: 'expert', text: 'hi, how can I help?' };
    const view = applySent(applyKioskMessage(call(), fromKiosk), fromExpert);
    expect(view.chat.map((l) => `${l.from}:${l.text}`)).toEqual(['kiosk:hello', 'expert:hi, how can I help?']);
  });

  it('tracks an authorization from request to recorded decision, ignoring a repeat of the request', () => {
    const request: CallMessage = { v: 1, type: 'authorization.request', authRequestId: AUTH, action: 'card.replace', summary: 'Replace card ****1234', amountMinor: 1500, currency: 'CNY' };
    let view = applyKioskMessage(applyKioskMessage(call(), request), request);
    expect(view.authorizations).toHaveLength(1);
    view = markAuthorization(view, AUTH, 'sending');
    view = markAuthorization(view, AUTH, 'approve', '018f0000-0000-7000-8000-00000000000b');
    expect(view.authorizations[0]).toMatchObject({ status: 'approve', decisionId: '018f0000-0000-7000-8000-00000000000b' });
  });

  it('matches an ID result and a form answer to what the expert asked for', () => {
    const scanId = '018f0000-0000-7000-8000-000000000020';
    const formId = '018f0000-0000-7000-8000-000000000021';
    let view = applySent(call(), { v: 1, type: 'id-scan.request', scanId, document: 'id-card' });
    view = applySent(view, { v: 1, type: 'form.push', formId, title: 'New address', fields: [{ label: 'City', value: 'Shanghai' }] });
    view = applyKioskMessage(view, { v: 1, type: 'id-scan.result', scanId, status: 'ok', masked: { name: 'W*', idNumber: '3101****1234', expiry: '2030-01-01' } });
    view = applyKioskMessage(view, { v: 1, type: 'form.response', formId, confirmed: true });
    expect(view.idScans[0]?.result?.masked?.idNumber).toBe('3101****1234');
    expect(view.forms[0]?.confirmed).toBe(true);
  });

  it('records the highlight and the journey state', () => {
    let view = applySent(call(), { v: 1, type: 'highlight', target: 'service-deposits', on: true });
    expect(view.highlight).toBe('service-deposits');
    view = applySent(view, { v: 1, type: 'highlight', target: 'service-deposits', on: false });
    expect(view.highlight).toBeNull();
    view = applyKioskMessage(view, { v: 1, type: 'journey.state', journeyStep: 'queue-ticket/choose-service', stepIndex: 0, stepCount: 2, screen: 'queue-choose', fields: {} });
    expect(view.journey?.stepCount).toBe(2);
  });
});
