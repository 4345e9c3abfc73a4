// The messages of our EPP dialect on top of the framing (frame.ts). The host sends commands;
// the PIN pad answers each with ACK, NAK or the data asked for, and reports key presses on its
// own while a PIN entry runs. A key event names the key's function only: a digit key is
// reported as 'digit' with the number of digits now entered, never with its value, so no PIN
// digit ever crosses the wire in clear (the PIN leaves the pad only as an encrypted block).
import { decodeError, type PinPadDecodeError } from './errors.js';
import { encodeFrame, type PinPadFrame } from './frame.js';

export type PinBlockFormat = 0 | 4;

export const COMMAND_CODES = {
  'select-key': 0x31,
  'set-pan': 0x32,
  'start-pin': 0x33,
  'get-pin-block': 0x34,
  cancel: 0x35,
  status: 0x36,
  beep: 0x37,
  'load-key': 0x38,
  'key-info': 0x39,
} as const;
export type CommandKind = keyof typeof COMMAND_CODES;

export const REPLY_CODES = { ack: 0x41, nak: 0x42, key: 0x43, status: 0x44, 'pin-block': 0x45, 'key-loaded': 0x46 } as const;
export type ReplyKind = keyof typeof REPLY_CODES;

export type PinPadCommand =
  | { kind: 'select-key'; keyId: string }
  | { kind: 'set-pan'; pan: string }
  /** timeoutMs travels in 100 ms units (1 … 6553.5 s). */
  | { kind: 'start-pin'; format: PinBlockFormat; minLength: number; maxLength: number; timeoutMs: number }
  | { kind: 'get-pin-block' }
  | { kind: 'cancel' }
  | { kind: 'status' }
  | { kind: 'beep'; count: number }
  /**
   * A working key as a TR-31 / X9.143 version D key block wrapped under the pad's terminal
   * master key (tr31-key-block.node.ts); the key id travels inside it, under its MAC. The pad
   * answers key-loaded with that id and the key's check value, or NAK key-block / no-master-key.
   */
  | { kind: 'load-key'; keyBlock: string }
  /** Which working key the pad holds now: key-loaded (id, KCV), or NAK unknown-key when none. */
  | { kind: 'key-info' };

export const KEY_EVENTS = ['digit', 'clear', 'backspace', 'cancel', 'enter', 'timeout'] as const;
export type KeyEvent = (typeof KEY_EVENTS)[number];

export const NAK_REASONS = ['unknown-key', 'bad-parameter', 'no-pin', 'tampered', 'busy', 'no-pan', 'key-type', 'unknown-command', 'key-block', 'no-master-key'] as const;
export type NakReason = (typeof NAK_REASONS)[number];

export type PinPadReply =
  | { kind: 'ack'; command: CommandKind }
  | { kind: 'nak'; command: CommandKind | 'unknown'; reason: NakReason }
  /** `digits`: how many digits the pad holds after this key. */
  | { kind: 'key'; event: KeyEvent; digits: number }
  | { kind: 'status'; tamper: boolean; entryActive: boolean; keysLoaded: number }
  | { kind: 'pin-block'; format: PinBlockFormat; block: Uint8Array }
  /** The working key now in use: its id and check value (3 bytes, as 6 hex digits). */
  | { kind: 'key-loaded'; keyId: string; kcv: string };

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const text = (b: Uint8Array): string => String.fromCharCode(...b);
const KEY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const PAN = /^\d{1,19}$/;
const BLOCK_LENGTH: Record<PinBlockFormat, number> = { 0: 8, 4: 16 };
/** A version D key block as it travels: printable ASCII, 'D' and its length field first. */
const KEY_BLOCK = /^D\d{4}[\x20-\x7e]{59,1019}$/;
const KCV = /^[0-9A-F]{6}$/;

const commandKindOf = (code: number): CommandKind | undefined => (Object.keys(COMMAND_CODES) as CommandKind[]).find((k) => COMMAND_CODES[k] === code);
const bad = (what: string): PinPadDecodeError => decodeError('BAD_PAYLOAD', `malformed ${what}`);
const isFormat = (n: number | undefined): n is PinBlockFormat => n === 0 || n === 4;

/** Checks what the wire encoding can carry; a caller's mistake is a RangeError, not a frame. */
export function encodeCommand(cmd: PinPadCommand): Uint8Array {
  const code = COMMAND_CODES[cmd.kind];
  switch (cmd.kind) {
    case 'select-key':
      if (!KEY_ID.test(cmd.keyId)) throw new RangeError('a key id is 1 to 64 of a-z, 0-9 and -');
      return encodeFrame(code, ascii(cmd.keyId));
    case 'set-pan':
      if (!PAN.test(cmd.pan)) throw new RangeError('a PAN is 1 to 19 digits');
      return encodeFrame(code, ascii(cmd.pan));
    case 'start-pin': {
      const { minLength: min, maxLength: max } = cmd;
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 4 || max > 12 || min > max) throw new RangeError('PIN lengths are 4 ≤ min ≤ max ≤ 12');
      const units = Math.ceil(cmd.timeoutMs / 100);
      if (!Number.isFinite(units) || units < 1 || units > 0xffff) throw new RangeError('the PIN entry timeout is 100 ms to 6553.5 s');
      return encodeFrame(code, Uint8Array.of(cmd.format, min, max, units >> 8, units & 0xff));
    }
    case 'load-key':
      if (!KEY_BLOCK.test(cmd.keyBlock)) throw new RangeError('a key block is printable ASCII, version D, 64 to 1024 characters');
      return encodeFrame(code, ascii(cmd.keyBlock));
    case 'beep':
      if (!Number.isInteger(cmd.count) || cmd.count < 1 || cmd.count > 9) throw new RangeError('the PIN pad beeps 1 to 9 times');
      return encodeFrame(code, Uint8Array.of(cmd.count));
    default:
      return encodeFrame(code);
  }
}

export function decodeCommand(frame: PinPadFrame): PinPadCommand | PinPadDecodeError {
  const kind = commandKindOf(frame.command);
  const d = frame.data;
  switch (kind) {
    case 'select-key': {
      const keyId = text(d);
      return KEY_ID.test(keyId) ? { kind, keyId } : bad('key id');
    }
    case 'set-pan': {
      const pan = text(d);
      return PAN.test(pan) ? { kind, pan } : bad('PAN');
    }
    case 'start-pin': {
      const [format, min = 0, max = 0, hi = 0, lo = 0] = d;
      if (d.length !== 5 || !isFormat(format) || min < 4 || max > 12 || min > max || (hi === 0 && lo === 0)) return bad('PIN entry request');
      return { kind, format, minLength: min, maxLength: max, timeoutMs: ((hi << 8) | lo) * 100 };
    }
    case 'load-key': {
      const keyBlock = text(d);
      return KEY_BLOCK.test(keyBlock) ? { kind, keyBlock } : bad('key block');
    }
    case 'beep':
      return d.length === 1 && (d[0] ?? 0) >= 1 && (d[0] ?? 0) <= 9 ? { kind, count: d[0] ?? 1 } : bad('beep');
    case 'get-pin-block':
    case 'cancel':
    case 'status':
    case 'key-info':
      return d.length === 0 ? { kind } : bad(kind);
    default:
      return decodeError('UNKNOWN_MESSAGE', `unknown command 0x${frame.command.toString(16).padStart(2, '0')}`);
  }
}

export function encodeReply(reply: PinPadReply): Uint8Array {
  const code = REPLY_CODES[reply.kind];
  switch (reply.kind) {
    case 'ack':
      return encodeFrame(code, Uint8Array.of(COMMAND_CODES[reply.command]));
    case 'nak':
      return encodeFrame(code, Uint8Array.of(reply.command === 'unknown' ? 0 : COMMAND_CODES[reply.command], NAK_REASONS.indexOf(reply.reason) + 1));
    case 'key':
      return encodeFrame(code, Uint8Array.of(KEY_EVENTS.indexOf(reply.event) + 1, reply.digits));
    case 'status':
      return encodeFrame(code, Uint8Array.of((reply.tamper ? 1 : 0) | (reply.entryActive ? 2 : 0), reply.keysLoaded));
    case 'pin-block': {
      if (reply.block.length !== BLOCK_LENGTH[reply.format]) throw new RangeError(`a format ${reply.format} PIN block is ${BLOCK_LENGTH[reply.format]} bytes`);
      const data = new Uint8Array(1 + reply.block.length);
      data[0] = reply.format;
      data.set(reply.block, 1);
      return encodeFrame(code, data);
    }
    case 'key-loaded':
      if (!KCV.test(reply.kcv) || !KEY_ID.test(reply.keyId)) throw new RangeError('a loaded key has a key id and a 6-hex-digit check value');
      return encodeFrame(code, Uint8Array.from([0, 2, 4].map((i) => parseInt(reply.kcv.slice(i, i + 2), 16)).concat([...ascii(reply.keyId)])));
  }
}

export function decodeReply(frame: PinPadFrame): PinPadReply | PinPadDecodeError {
  const d = frame.data;
  switch (frame.command) {
    case REPLY_CODES.ack: {
      const command = d.length === 1 ? commandKindOf(d[0] ?? 0) : undefined;
      return command ? { kind: 'ack', command } : bad('ACK');
    }
    case REPLY_CODES.nak: {
      const reason = NAK_REASONS[(d[1] ?? 0) - 1];
      const command = d[0] === 0 ? 'unknown' : commandKindOf(d[0] ?? 0);
      return d.length === 2 && reason && command ? { kind: 'nak', command, reason } : bad('NAK');
    }
    case REPLY_CODES.key: {
      const event = KEY_EVENTS[(d[0] ?? 0) - 1];
      const digits = d[1] ?? 255;
      return d.length === 2 && event && digits <= 12 ? { kind: 'key', event, digits } : bad('key event');
    }
    case REPLY_CODES.status:
      return d.length === 2 && ((d[0] ?? 0) & ~3) === 0 ? { kind: 'status', tamper: ((d[0] ?? 0) & 1) === 1, entryActive: ((d[0] ?? 0) & 2) === 2, keysLoaded: d[1] ?? 0 } : bad('status');
    case REPLY_CODES['pin-block']: {
      const format = d[0];
      return isFormat(format) && d.length === 1 + BLOCK_LENGTH[format] ? { kind: 'pin-block', format, block: d.slice(1) } : bad('PIN block reply');
    }
    case REPLY_CODES['key-loaded']: {
      const keyId = text(d.subarray(3));
      const kcv = Array.from(d.subarray(0, 3), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
      return d.length > 3 && KEY_ID.test(keyId) ? { kind: 'key-loaded', keyId, kcv } : bad('key-loaded reply');
    }
    default:
      return decodeError('UNKNOWN_MESSAGE', `unknown reply 0x${frame.command.toString(16).padStart(2, '0')}`);
  }
}
