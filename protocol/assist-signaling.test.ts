// The wire format both UIs build on: documented examples parse, malformed ones do not.
import { describe, expect, it } from 'vitest';
import { CALL_MESSAGE_SENDERS, callMessageSchema, hasUnmaskedNumber, parseCallMessage } from './call-messages.js';
import { ASSIST_LIMITS, expertInboundSchema, expertMessageSchema, kioskInboundSchema, kioskMessageSchema } from './assist-signaling.js';

const SESSION = '0190a1b2-0000-7000-8000-000000000001';
const UUID = '0190a1b2-0000-7000-8000-000000000002';

describe('kiosk → hub', () => {
  it('accepts a help request and defaults urgent to false', () => {
    const parsed = kioskMessageSchema.parse({ type: 'help.request', language: 'zh-CN', topic: 'cards', flags: { vip: false, elderly: true }, journeyStep: 'card-replacement/confirm' });
    expect(parsed).toMatchObject({ flags: { vip: false, elderly: true, urgent: false } });
  });

  it('refuses free text in journeyStep, unknown topics and extra fields', () => {
    const base = { type: 'help.request', language: 'en', topic: 'cards', flags: { vip: false, elderly: false }, journeyStep: 'home' };
    expect(kioskMessageSchema.safeParse({ ...base, journeyStep: 'Zhang San 6222 0202' }).success).toBe(false);
    expect(kioskMessageSchema.safeParse({ ...base, topic: 'mortgage' }).success).toBe(false);
    expect(kioskMessageSchema.safeParse({ ...base, name: 'x' }).success).toBe(false);
  });

  it('limits signal data to maxSignalBytes of JSON', () => {
    const ok = { type: 'signal', sessionId: SESSION, data: { type: 'offer', sdp: 'v=0\r\n' } };
    expect(kioskMessageSchema.safeParse(ok).success).toBe(true);
    const big = { ...ok, data: { type: 'offer', sdp: 'a'.repeat(ASSIST_LIMITS.maxSignalBytes) } };
    expect(kioskMessageSchema.safeParse(big).success).toBe(false);
  });

  it('rates 1–5 with optional NPS 0–10', () => {
    expect(kioskMessageSchema.safeParse({ type: 'call.rate', sessionId: SESSION, rating: 5, nps: 10 }).success).toBe(true);
    expect(kioskMessageSchema.safeParse({ type: 'call.rate', sessionId: SESSION, rating: 6 }).success).toBe(false);
  });

  it('does not let a kiosk send expert messages', () => {
    expect(kioskMessageSchema.safeParse({ type: 'accept' }).success).toBe(false);
  });
});

describe('expert → hub', () => {
  it('transfers to a staff id or to "supervisor", nothing else', () => {
    expect(expertMessageSchema.safeParse({ type: 'transfer', sessionId: SESSION, to: 'supervisor' }).success).toBe(true);
    expect(expertMessageSchema.safeParse({ type: 'transfer', sessionId: SESSION, to: UUID, note: 'loan question' }).success).toBe(true);
    expect(expertMessageSchema.safeParse({ type: 'transfer', sessionId: SESSION, to: 'bob' }).success).toBe(false);
  });

  it('accepts with or without a request id', () => {
    expect(expertMessageSchema.safeParse({ type: 'accept' }).success).toBe(true);
    expect(expertMessageSchema.safeParse({ type: 'accept', requestId: 'nope' }).success).toBe(false);
  });

  it('records dispositions with bounded notes', () => {
    expect(expertMessageSchema.safeParse({ type: 'disposition', sessionId: SESSION, outcome: 'resolved', notes: 'ok' }).success).toBe(true);
    expect(expertMessageSchema.safeParse({ type: 'disposition', sessionId: SESSION, outcome: 'resolved', notes: 'x'.repeat(2001) }).success).toBe(false);
  });
});

describe('hub → clients', () => {
  it('describes call.assigned for kiosks and call.started for experts', () => {
    expect(kioskInboundSchema.safeParse({ type: 'call.assigned', sessionId: SESSION, requestId: UUID, expert: { displayName: 'Li' }, iceServers: [{ urls: ['stun:s:3478'] }], initiator: false, resumed: false }).success).toBe(true);
    const request = { requestId: UUID, kioskId: 'K1', language: 'en', topic: 'cards', priorityClass: 'vip', journeyStep: 'home', waitedSec: 3 };
    expect(expertInboundSchema.safeParse({ type: 'call.started', sessionId: SESSION, request, iceServers: [], initiator: true, resumed: true }).success).toBe(true);
    expect(expertInboundSchema.safeParse({ type: 'error', code: 'NOT_A_CODE', message: '' }).success).toBe(false);
  });
});

describe('data-channel messages', () => {
  it('refuse unmasked numbers anywhere a value is shown', () => {
    const state = { v: 1, type: 'journey.state', journeyStep: 'x', stepIndex: 0, stepCount: 3, screen: 'review', fields: { card: '622202******1234' } };
    expect(callMessageSchema.safeParse(state).success).toBe(true);
    expect(callMessageSchema.safeParse({ ...state, fields: { card: '6222020200112233' } }).success).toBe(false);
    expect(callMessageSchema.safeParse({ v: 1, type: 'chat', id: UUID, from: 'kiosk', text: 'my ID is 110101199003071234', at: '2026-11-23T09:00:00Z' }).success).toBe(false);
  });

  // Security finding 6 (issue 15): a card number typed with separators or in full-width
  // digits slipped past the 7-digit rule.
  it.each([
    ['spaces', '6222 0202 0011 2230'],
    ['dashes', '6222-0202-0011-2230'],
    ['full-width digits', '６２２２０２０２００１１２２３０'],
    ['full-width digits and ideographic spaces', '６２２２\u3000０２０２\u3000００１１\u3000２２３０'],
    ['dots and en dashes', '4111.1111–1111.1111'],
    ['an Amex grouping inside a sentence', 'card 3782 822463 10005 please'],
    ['a card number followed by more groups', 'ref 6222 0202 0011 2230 99'],
  ])('refuse a card number written with %s', (_label, text) => {
    expect(hasUnmaskedNumber(text)).toBe(true);
    expect(callMessageSchema.safeParse({ v: 1, type: 'chat', id: UUID, from: 'expert', text, at: '2026-11-23T09:00:00Z' }).success).toBe(false);
  });

  it.each([
    ['a masked card', '622202******1234'],
    ['a phone number', '138 0013 8000'],
    ['a date and time', '2026-11-23 09:30'],
    ['an amount', '12,345.67'],
    ['16 grouped digits that fail the Luhn check', '6222 0202 0011 2233'],
    ['short numbers', 'step 3 of 5, queue A12'],
  ])('let %s through', (_label, text) => {
    expect(hasUnmaskedNumber(text)).toBe(false);
  });

  it('are dropped when the sender may not send them', () => {
    const highlight = JSON.stringify({ v: 1, type: 'highlight', target: 'confirm-button', on: true });
    expect(parseCallMessage(highlight, 'kiosk')).toMatchObject({ type: 'highlight' });
    expect(parseCallMessage(highlight, 'expert')).toBeNull();
    const rating = JSON.stringify({ v: 1, type: 'rating', rating: 4 });
    expect(parseCallMessage(rating, 'expert')).toMatchObject({ rating: 4 });
    expect(parseCallMessage(rating, 'kiosk')).toBeNull();
    expect(parseCallMessage('{not json', 'kiosk')).toBeNull();
    expect(Object.keys(CALL_MESSAGE_SENDERS)).toHaveLength(callMessageSchema.options.length);
  });
});
