// Issue 12 item 6: an expert's message quoting a long reference number was dropped without a
// word. Chat refuses only card and resident ID numbers, and says which.
import { describe, expect, it } from 'vitest';
import { callMessageSchema, chatRefusal, parseCallMessage } from '../../protocol/call-messages.js';

const chat = (text: string) => ({ v: 1, type: 'chat', id: '0b7e4f0e-8c1e-4d8a-9b1a-2f6f3c1d9e10', from: 'expert', text, at: '2026-12-03T08:00:00Z' });

describe('the chat guard', () => {
  it.each([
    ['a 20-digit transfer reference', 'Your reference is 20261203000045678912'],
    ['a 16-digit reference that fails Luhn', 'Ticket 6222020200112233'],
    ['a phone number', 'Call 13800138000 if needed'],
    ['a masked card', 'card 622202******1234'],
  ])('lets %s through', (_label, text) => {
    expect(chatRefusal(text)).toBeNull();
    expect(callMessageSchema.safeParse(chat(text)).success).toBe(true);
  });

  it.each([
    ['a card number in one run', 'number 6222020200112230', 'card-number'],
    ['a card number in groups', '6222 0202 0011 2230', 'card-number'],
    ['a card number in full-width digits', '６２２２０２０２００１１２２３０', 'card-number'],
    ['a resident ID with a valid check character', 'ID 11010519491231002X', 'id-number'],
    ['a resident ID with a typo in the check character', 'my ID is 110101199003071234', 'id-number'],
  ])('refuses %s and says why', (_label, text, why) => {
    expect(chatRefusal(text)).toBe(why);
    expect(parseCallMessage(JSON.stringify(chat(text)), 'kiosk')).toBeNull();
  });

  it('carries mute state and the kiosk’s devices both ways as allowed', () => {
    expect(parseCallMessage(JSON.stringify({ v: 1, type: 'media.state', micMuted: true }), 'kiosk')).toMatchObject({ micMuted: true });
    expect(parseCallMessage(JSON.stringify({ v: 1, type: 'media.state', micMuted: false }), 'expert')).toMatchObject({ micMuted: false });
    const devices = JSON.stringify({ v: 1, type: 'kiosk.devices', devices: [{ kind: 'id-reader', state: 'ready' }] });
    expect(parseCallMessage(devices, 'expert')).toMatchObject({ type: 'kiosk.devices' });
    expect(parseCallMessage(devices, 'kiosk')).toBeNull();
  });
});
