import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from './errors.js';
import { encodeFrame, PinPadFrameDecoder, type PinPadFrame } from './frame.js';
import { decodeCommand, decodeReply, encodeCommand, encodeReply, KEY_EVENTS, NAK_REASONS, type PinPadCommand, type PinPadReply } from './messages.js';

function oneFrame(bytes: Uint8Array): PinPadFrame {
  const [item, ...rest] = new PinPadFrameDecoder().push(bytes);
  if (!item || isDecodeError(item) || rest.length > 0) throw new Error('expected exactly one frame');
  return item;
}

const commandKinds = ['select-key', 'set-pan', 'start-pin', 'get-pin-block', 'cancel', 'status', 'beep', 'load-key', 'key-info'] as const;
const command: fc.Arbitrary<PinPadCommand> = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/).map((keyId) => ({ kind: 'select-key' as const, keyId })),
  fc.stringMatching(/^\d{1,19}$/).map((pan) => ({ kind: 'set-pan' as const, pan })),
  fc
    .record({ format: fc.constantFrom(0 as const, 4 as const), minLength: fc.integer({ min: 4, max: 12 }), extra: fc.integer({ min: 0, max: 8 }), units: fc.integer({ min: 1, max: 0xffff }) })
    .map(({ format, minLength, extra, units }) => ({ kind: 'start-pin' as const, format, minLength, maxLength: Math.min(12, minLength + extra), timeoutMs: units * 100 })),
  fc.constantFrom({ kind: 'get-pin-block' as const }, { kind: 'cancel' as const }, { kind: 'status' as const }, { kind: 'key-info' as const }),
  fc.integer({ min: 1, max: 9 }).map((count) => ({ kind: 'beep' as const, count })),
  fc.stringMatching(/^[\x20-\x7e]{59,400}$/).map((rest) => ({ kind: 'load-key' as const, keyBlock: `D${String(rest.length + 5).padStart(4, '0')}${rest}` })),
);
const reply: fc.Arbitrary<PinPadReply> = fc.oneof(
  fc.constantFrom(...commandKinds).map((c) => ({ kind: 'ack' as const, command: c })),
  fc.record({ kind: fc.constant('nak' as const), command: fc.constantFrom(...commandKinds, 'unknown' as const), reason: fc.constantFrom(...NAK_REASONS) }),
  fc.record({ kind: fc.constant('key' as const), event: fc.constantFrom(...KEY_EVENTS), digits: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ kind: fc.constant('status' as const), tamper: fc.boolean(), entryActive: fc.boolean(), keysLoaded: fc.integer({ min: 0, max: 255 }) }),
  fc.oneof(
    fc.uint8Array({ minLength: 8, maxLength: 8 }).map((block) => ({ kind: 'pin-block' as const, format: 0 as const, block })),
    fc.uint8Array({ minLength: 16, maxLength: 16 }).map((block) => ({ kind: 'pin-block' as const, format: 4 as const, block })),
  ),
  fc.record({ kind: fc.constant('key-loaded' as const), keyId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/), kcv: fc.stringMatching(/^[0-9A-F]{6}$/) }),
);

describe('PIN pad messages', () => {
  it('round-trips every command and every reply', () => {
    fc.assert(
      fc.property(command, (c) => {
        expect(decodeCommand(oneFrame(encodeCommand(c)))).toEqual(c);
      }),
    );
    fc.assert(
      fc.property(reply, (r) => {
        expect(decodeReply(oneFrame(encodeReply(r)))).toEqual(r);
      }),
    );
  });

  it('a key event carries the key function and a digit count, no digit value', () => {
    const frame = oneFrame(encodeReply({ kind: 'key', event: 'digit', digits: 3 }));
    expect([...frame.data]).toEqual([1, 3]);
  });

  it('turns malformed payloads and unknown codes into typed errors, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 20 }), (code, data) => {
        for (const decoded of [decodeCommand({ type: 'frame', command: code, data }), decodeReply({ type: 'frame', command: code, data })]) {
          if (isDecodeError(decoded)) expect(['UNKNOWN_MESSAGE', 'BAD_PAYLOAD']).toContain(decoded.code);
          else expect(decoded.kind).toBeTypeOf('string');
        }
      }),
    );
    expect(decodeReply(oneFrame(encodeFrame(0x45, Uint8Array.of(4, 1, 2))))).toMatchObject({ code: 'BAD_PAYLOAD' });
    expect(decodeReply(oneFrame(encodeFrame(0x43, Uint8Array.of(1, 13))))).toMatchObject({ code: 'BAD_PAYLOAD' });
    expect(decodeCommand(oneFrame(encodeFrame(0x99)))).toMatchObject({ code: 'UNKNOWN_MESSAGE' });
  });

  it('refuses to encode requests the wire cannot carry', () => {
    expect(() => encodeCommand({ kind: 'start-pin', format: 0, minLength: 3, maxLength: 6, timeoutMs: 1000 })).toThrow(RangeError);
    expect(() => encodeCommand({ kind: 'start-pin', format: 0, minLength: 4, maxLength: 6, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => encodeCommand({ kind: 'set-pan', pan: '4111-1111' })).toThrow(RangeError);
    expect(() => encodeCommand({ kind: 'select-key', keyId: 'Bad Key' })).toThrow(RangeError);
  });

  it('a key block that is not version D printable ASCII is refused on both ends', () => {
    expect(() => encodeCommand({ kind: 'load-key', keyBlock: 'B0096P0TE00N0000' })).toThrow(RangeError);
    expect(isDecodeError(decodeCommand({ type: 'frame', command: 0x38, data: Uint8Array.from('D0016P0AE00N0000', (c) => c.charCodeAt(0)) }))).toBe(true);
    expect(isDecodeError(decodeReply({ type: 'frame', command: 0x46, data: Uint8Array.of(1, 2, 3) }))).toBe(true);
  });
});
