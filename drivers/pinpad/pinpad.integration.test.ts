// The PIN pad driver over a socat PTY pair with the real serialport transport, against the
// simulated EPP on the other end: the customer's digits surface only as counts, the block that
// comes back opens (with the demo key) to the typed PIN bound to the card's PAN.
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinPadError, type PinEntryEvent, type PinPad } from '../device-classes.js';
import { createSerialTransport } from '../transports/serial.node.js';
import { isDecodeError } from './codec/errors.js';
import { DEMO_PIN_KEYS, keyBytes } from './demo-keys.js';
import { decipherPinBlock } from './pin-block-crypto.node.js';
import { createPinPad } from './pinpad.js';
import { startPinPadSimulator, type PinPadSimulator } from './simulator.node.js';

const PAN = '6212345678901265';
const PIN = '482915';

function open(block: string, format: 0 | 4, keyId: string, pan = PAN): string {
  const key = DEMO_PIN_KEYS[keyId];
  if (!key) throw new Error(`no demo key ${keyId}`);
  const pin = decipherPinBlock({ format, key: keyBytes(key), block: new Uint8Array(Buffer.from(block, 'hex')), pan });
  return isDecodeError(pin) ? `!${pin.code}` : Array.from(pin).join('');
}

/** Handles the rejection at once: a PIN entry often fails while the test still presses keys. */
function caught<T>(p: Promise<T>): Promise<T | PinPadError> {
  return p.catch((e: unknown) => {
    if (e instanceof PinPadError) return e;
    throw e;
  });
}

async function rejection(p: Promise<unknown>): Promise<PinPadError> {
  const err = await caught(p);
  expect(err).toBeInstanceOf(PinPadError);
  return err as PinPadError;
}

async function resolved<T>(p: Promise<T | PinPadError>): Promise<T> {
  const value = await p;
  if (value instanceof PinPadError) throw value;
  return value;
}

describe('PIN pad over a PTY', () => {
  let sim: PinPadSimulator;
  let pad: PinPad;
  let counts: number[];
  let logLines: string[];

  beforeEach(async () => {
    sim = await startPinPadSimulator();
    counts = [];
    logLines = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
    pad = createPinPad({ transport: createSerialTransport({ path: sim.path }), replyTimeoutMs: 400, frameTimeoutMs: 60, entryGraceMs: 500, entryPollMs: 250, pollMs: 0, log });
    pad.onEntry((e: PinEntryEvent) => counts.push(e.digits));
    await pad.open();
  });

  afterEach(async () => {
    await pad.close();
    await sim.close();
  });

  for (const [keyId, format] of [
    ['demo-pek-aes-1', 4],
    ['demo-pek-tdes-1', 0],
  ] as const) {
    it(`returns a format ${format} block under ${keyId} that opens to the typed PIN, bound to the PAN; only counts surface`, async () => {
      expect(pad.health.state).toBe('ready');
      const result = caught(pad.readPin({ pan: PAN, keyId, format, minLength: 4, maxLength: 6, timeoutMs: 10_000 }));
      await sim.whenEntryStarts();
      expect(pad.health.state).toBe('busy');
      await sim.type('12');
      await sim.press('backspace');
      await sim.press('clear');
      await sim.type(PIN, { enter: true });
      const block = await resolved(result);
      expect(block).toMatchObject({ format, keyId });
      expect(block.block).toMatch(format === 4 ? /^[0-9A-F]{32}$/ : /^[0-9A-F]{16}$/);
      expect(open(block.block, format, keyId)).toBe(PIN);
      // Bound to the card: the same block under another PAN does not give the PIN back.
      expect(open(block.block, format, keyId, '6212345678901273')).not.toBe(PIN);
      expect(counts).toEqual([1, 2, 1, 0, 1, 2, 3, 4, 5, 6]);
      expect(pad.health.state).toBe('ready');
      const log = logLines.join('\n');
      expect(log).not.toContain(PAN);
      expect(log).not.toContain(PIN);
    });
  }

  it('rejects with PIN_CANCELLED on the Cancel key, and the pad takes the next entry', async () => {
    const first = caught(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 10_000 }));
    await sim.whenEntryStarts();
    await sim.type('12');
    await sim.press('cancel');
    expect((await rejection(first)).code).toBe('PIN_CANCELLED');
    expect(sim.epp.entryActive).toBe(false);
    const second = caught(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 10_000 }));
    await sim.whenEntryStarts();
    await sim.type('1357', { enter: true });
    expect(open((await resolved(second)).block, 4, 'demo-pek-aes-1')).toBe('1357');
  });

  it('rejects with PIN_TIMEOUT when the pad times the customer out', async () => {
    const started = Date.now();
    const p = caught(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 300 }));
    await sim.whenEntryStarts();
    await sim.type('1');
    expect((await rejection(p)).code).toBe('PIN_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(pad.health.state).toBe('ready');
  });

  it('the kiosk can cancel an entry; the pad is told and stops taking keys', async () => {
    const p = caught(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 10_000 }));
    await sim.whenEntryStarts();
    await pad.cancel();
    expect((await rejection(p)).code).toBe('PIN_CANCELLED');
    expect(sim.epp.entryActive).toBe(false);
    expect(sim.epp.received).toContain('cancel');
  });

  it('sends a command again after a torn answer, and a torn key event only delays the count', async () => {
    const p = caught(pad.readPin({ pan: PAN, keyId: 'demo-pek-tdes-1', format: 0, timeoutMs: 10_000 }));
    sim.tearNextReplies(1); // the ACK of select-key, most likely, or of set-pan
    await sim.whenEntryStarts();
    sim.tearNextReplies(1);
    await sim.type('1');
    await sim.type('234', { enter: true });
    expect(open((await resolved(p)).block, 0, 'demo-pek-tdes-1')).toBe('1234');
    expect(counts).toEqual([2, 3, 4]);
    expect(logLines.join('\n')).toContain('FRAME_TRUNCATED');
  });

  it('refuses an unknown key, a key of the other format, and a second entry while one runs', async () => {
    expect((await rejection(pad.readPin({ pan: PAN, keyId: 'no-such-key', format: 4, timeoutMs: 1000 }))).code).toBe('KEY_NOT_FOUND');
    expect((await rejection(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 0, timeoutMs: 1000 }))).code).toBe('INVALID_REQUEST');
    expect((await rejection(pad.readPin({ pan: '1234', keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 }))).code).toBe('INVALID_REQUEST');
    const p = caught(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 10_000 }));
    expect((await rejection(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 }))).code).toBe('BUSY');
    await sim.whenEntryStarts();
    await sim.press('cancel');
    expect((await rejection(p)).code).toBe('PIN_CANCELLED');
  });

  it('a tampered pad refuses PIN entry and reports error/tamper', async () => {
    sim.setTamper(true);
    expect((await rejection(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 }))).code).toBe('TAMPERED');
    expect(pad.health).toMatchObject({ state: 'error', reason: 'tamper' });
  });

  it('a silent pad is no-response, and ready again once it answers', async () => {
    sim.setSilent(true);
    expect((await rejection(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 }))).code).toBe('NO_RESPONSE');
    expect(pad.health).toMatchObject({ state: 'offline', reason: 'no-response' });
    sim.setSilent(false);
    await pad.open();
    expect(pad.health.state).toBe('ready');
  });

  it('unplugged mid-entry: DISCONNECTED at once, health offline/disconnected', async () => {
    const p = caught(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 10_000 }));
    await sim.whenEntryStarts();
    await sim.type('12');
    const failed = rejection(p);
    const started = Date.now();
    await sim.unplug();
    expect((await failed).code).toBe('DISCONNECTED');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(pad.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
  });
});
