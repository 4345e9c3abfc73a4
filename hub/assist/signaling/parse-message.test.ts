import { expect, it } from 'vitest';
import { ASSIST_LIMITS } from '../../../protocol/assist-signaling.js';
import { parseExpertMessage, parseKioskMessage } from './parse-message.js';

it('refuses non-JSON, non-objects and missing types as malformed', () => {
  for (const raw of ['{', '42', '[]', 'null', '{"kind":"x"}', '{"type":7}']) {
    expect(parseKioskMessage(raw)).toMatchObject({ ok: false, code: 'MALFORMED_MESSAGE' });
  }
});

it('refuses a type the role may not send, naming the type', () => {
  expect(parseKioskMessage('{"type":"accept"}')).toMatchObject({ ok: false, code: 'UNKNOWN_MESSAGE_TYPE', about: 'accept' });
  expect(parseExpertMessage('{"type":"help.request"}')).toMatchObject({ ok: false, code: 'UNKNOWN_MESSAGE_TYPE' });
});

it('names failing fields without echoing their values', () => {
  const result = parseKioskMessage(JSON.stringify({ type: 'help.request', language: 'fr', topic: 'cards', flags: { vip: false, elderly: false }, journeyStep: 'SECRET-VALUE' }));
  expect(result).toMatchObject({ ok: false, code: 'INVALID_MESSAGE', about: 'help.request' });
  if (result.ok) throw new Error('unreachable');
  expect(result.message).toMatch(/language/);
  expect(result.message).toMatch(/journeyStep/);
  expect(result.message).not.toMatch(/SECRET-VALUE|fr"/);
});

it('refuses oversized frames before parsing them', () => {
  expect(parseExpertMessage(`{"type":"ping","x":"${'a'.repeat(ASSIST_LIMITS.maxMessageBytes)}"}`)).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
});

it('passes valid messages through typed', () => {
  expect(parseExpertMessage('{"type":"availability","available":true}')).toEqual({ ok: true, message: { type: 'availability', available: true } });
});
