import { describe, expect, it } from 'vitest';
import { journeyStateSchema } from '../../../protocol/call-messages.js';
import { journeyStepSchema } from '../../../protocol/assist-signaling.js';
import type { QueueService } from '../../../electron/bridge/contract.js';
import { initialSession, type SessionState } from '../session/session.js';
import { helpRequestFor, journeyStateOf, maskNumbers } from './journey-state.js';

const vip: QueueService = { id: 'vip', prefix: 'V', name: { 'zh-CN': '贵宾服务', en: 'VIP service' }, vip: true };
const at = (phase: SessionState['phase'], over: Partial<SessionState> = {}): SessionState => ({ ...initialSession('zh-CN'), phase, ...over });

describe('journey state for the expert', () => {
  it('masks long numbers, grouped or not, keeping the last 4', () => {
    expect(maskNumbers('6222 0202 1234 5678')).toBe('••••••••••••5678');
    expect(maskNumbers('ID 110101199001011234, ticket A1023')).toBe('ID ••••••••••••••1234, ticket A1023');
    expect(maskNumbers('call 123456')).toBe('call 123456');
  });

  it('describes each screen with its step and fields, valid for the data channel', () => {
    const ticket = at({ name: 'queue.ticket', service: vip, ticket: { id: 't', number: 'V1001', serviceId: 'vip', issuedAt: '', ahead: 1 }, print: { kind: 'failed', code: 'PAPER_OUT' } }, { locale: 'en', elder: true });
    const state = journeyStateOf(ticket);
    expect(state).toEqual({
      v: 1,
      type: 'journey.state',
      journeyStep: 'queue-ticket/ticket',
      stepIndex: 1,
      stepCount: 2,
      screen: 'queue.ticket',
      fields: { service: 'vip', ticket: 'V1001', print: 'failed', 'print-error': 'PAPER_OUT', locale: 'en', 'large-text': 'on' },
    });
    for (const phase of [{ name: 'home' }, { name: 'queue.choose' }, { name: 'language' }] as const) expect(journeyStateSchema.safeParse(journeyStateOf(at(phase))).success).toBe(true);
  });

  it('names the host-run journeys\' screens so the data channel takes them (account opening, card replacement)', () => {
    const opening = journeyStateOf(at({ name: 'accountOpening', status: { seq: 1, state: { phase: 'kyc' } } }));
    expect(opening).toMatchObject({ screen: 'account-opening', journeyStep: 'account-opening/kyc' });
    expect(journeyStateSchema.safeParse(opening).success).toBe(true);
    const replacement = journeyStateOf(at({ name: 'cardReplacement', status: { seq: 1, state: { phase: 'dispensing' } } }));
    expect(replacement).toMatchObject({ screen: 'card-replacement' });
    expect(journeyStateSchema.safeParse(replacement).success).toBe(true);
  });

  it('builds the help request from the session: language, elder flag, VIP service, step', () => {
    const request = helpRequestFor(at({ name: 'queue.issueFailed', attempt: 1, service: vip, priority: false, code: 'INTERNAL' }, { locale: 'en', elder: true }));
    expect(request).toEqual({ topic: 'other', flags: { vip: true, elderly: true }, journeyStep: 'queue-ticket/failed', locale: 'en' });
    expect(journeyStepSchema.safeParse(request.journeyStep).success).toBe(true);
    // Priority service asked for at the ticket: served first on video too.
    expect(helpRequestFor(at({ name: 'queue.issueFailed', attempt: 1, service: { ...vip, vip: false }, priority: true, code: 'INTERNAL' }, { locale: 'en', elder: false })).flags).toEqual({ vip: false, elderly: true });
    expect(helpRequestFor(at({ name: 'home' })).flags).toEqual({ vip: false, elderly: false });
  });
});
