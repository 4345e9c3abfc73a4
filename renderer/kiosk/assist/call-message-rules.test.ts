import { expect, it } from 'vitest';
import { callMessageRules, loadCallMessageRules } from './call-message-rules.js';

it('are not loaded with the page, and once a call loads them they check every message', async () => {
  expect(callMessageRules()).toBeNull();
  const loading = loadCallMessageRules();
  // One load, however many calls ask at once.
  expect(loadCallMessageRules()).toBe(loading);
  const rules = await loading;
  expect(callMessageRules()).toBe(rules);
  const chat = (text: string) => JSON.stringify({ v: 1, type: 'chat', id: '0194c1a2-0000-7000-8000-000000000001', from: 'expert', text, at: '2026-12-06T04:00:00.000Z' });
  expect(rules.parseCallMessage(chat('Please press Continue'), 'kiosk')).toMatchObject({ type: 'chat', text: 'Please press Continue' });
  expect(rules.parseCallMessage(chat('my card is 4111 1111 1111 1111'), 'kiosk')).toBeNull();
  expect(rules.callMessageSchema.safeParse({ v: 1, type: 'no-such-type' }).success).toBe(false);
});
