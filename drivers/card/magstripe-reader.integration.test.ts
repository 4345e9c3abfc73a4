// The serial MSR driver over a socat PTY pair with the real serialport transport, against the
// simulator speaking the STX/ETX/LRC framing from the other end.
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardRead, CardReadError, CardReader } from '../device-classes.js';
import { createSerialTransport } from '../transports/serial.node.js';
import { createMagstripeReader } from './magstripe-reader.js';
import { startMsrSimulator, type MsrSimulator } from './msr-simulator.node.js';
import { EVENT_WAIT_MS, nextEvent } from '../shared/next-event.testing.js';

const CARD = { pan: '6212345678901265', name: { surname: 'WANG', given: 'FANG' }, expiry: { year: 2032, month: 2 }, serviceCode: '220', discretionary: '9876543210' };

function waitFor<T>(list: T[], count: number, timeoutMs = EVENT_WAIT_MS): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (list.length >= count) return resolve(list);
      if (Date.now() - started > timeoutMs) return reject(new Error(`only ${list.length} of ${count} events`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('serial magnetic stripe reader over a PTY', () => {
  let sim: MsrSimulator;
  let reader: CardReader;
  let cards: CardRead[];
  let errors: CardReadError[];
  let logLines: string[];

  beforeEach(async () => {
    sim = await startMsrSimulator();
    cards = [];
    errors = [];
    logLines = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
    reader = createMagstripeReader({ transport: createSerialTransport({ path: sim.path }), frameTimeoutMs: 100, log });
    reader.onCard((c) => cards.push(c));
    reader.onError((e) => errors.push(e));
    await reader.open();
  });

  afterEach(async () => {
    await reader.close();
    await sim.close();
  });

  it('reads a swipe, and neither the log nor the JSON form carries the PAN or track data', async () => {
    await sim.swipe(CARD, { lrc: true });
    const [card] = await waitFor(cards, 1);
    expect(card?.pan).toBe(CARD.pan);
    expect(card?.name).toEqual({ surname: 'WANG', given: 'FANG' });
    const json = JSON.stringify(card);
    expect(JSON.parse(json)).toMatchObject({ maskedPan: '621234******1265', last4: '1265', bin: '621234' });
    const log = logLines.join('\n');
    expect(log).toContain('621234******1265');
    // The full PAN, its hidden middle digits, the discretionary data, track fragments, the name.
    for (const secret of [CARD.pan, CARD.pan.slice(4, 14), '9876543210', '=3202220', '^WANG/FANG^', 'WANG']) {
      expect(log).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    card?.wipe();
    expect(card?.pan).toBe('');
  });

  it('reports garbage, a torn frame and an unreadable card, then reads the next good swipe', async () => {
    await sim.swipeGarbage(32);
    await sim.swipeTorn(CARD);
    await waitFor(errors, 2);
    await sim.swipeUnreadable();
    await sim.swipeTorn(CARD);
    await sim.swipe(CARD);
    await waitFor(cards, 1);
    expect(errors.map((e) => e.field)).toEqual(['FRAME_GARBAGE', 'FRAME_TRUNCATED', 'TRACK_READ_ERROR', 'FRAME_TORN']);
    expect(errors.every((e) => e.code === 'READ_ERROR' && e.source === 'magstripe')).toBe(true);
    expect(logLines.join('\n')).not.toContain(CARD.pan);
  });

  it('goes offline when the line hangs up', async () => {
    expect(reader.health.state).toBe('ready');
    const offline = nextEvent('offline after unplug', (cb) => reader.onHealth((h) => h.state === 'offline' && cb(h)));
    await sim.close();
    await offline;
    expect(reader.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
  });
});
