// The driver over HID (fake node-hid device) and keyboard wedge; the serial path over a real
// PTY is in magstripe-reader.integration.test.ts.
import type { HID } from 'node-hid';
import { afterEach, describe, expect, it } from 'vitest';
import { CardReadError, type CardReader, type DeviceHealthEvent } from '../device-classes.js';
import { CardRead } from './codec/card-read.js';
import { createMagstripeReader } from './magstripe-reader.js';
import { createFakeHidDevice, type FakeHidDevice } from './msr-simulator.node.js';
import type { HidDeviceLike } from './msr/hid-source.js';
import type { KeySource } from './msr/wedge-source.js';
import type { KeyEvent } from './wedge.js';

// Compile-time check: node-hid's own HID class fits where the driver takes a device.
const _nodeHidFits = (d: HID): HidDeviceLike => d;
void _nodeHidFits;

const CARD = { pan: '6200000000000005', name: { surname: 'ZHANG', given: 'SAN' }, expiry: { year: 2031, month: 8 }, serviceCode: '220', discretionary: '000123' };

function collect(reader: CardReader): { cards: CardRead[]; errors: CardReadError[]; health: DeviceHealthEvent[] } {
  const out = { cards: [] as CardRead[], errors: [] as CardReadError[], health: [] as DeviceHealthEvent[] };
  reader.onCard((c) => out.cards.push(c));
  reader.onError((e) => out.errors.push(e));
  reader.onHealth((h) => out.health.push(h));
  return out;
}

let reader: CardReader | undefined;
afterEach(async () => {
  await reader?.close();
  reader = undefined;
});

describe('magnetic stripe reader over HID', () => {
  let hid: FakeHidDevice;
  const open = async (threshold = 3): Promise<ReturnType<typeof collect>> => {
    hid = createFakeHidDevice();
    reader = createMagstripeReader({ hid: () => hid, readErrorThreshold: threshold });
    const seen = collect(reader);
    await reader.open();
    return seen;
  };

  it('reads a swipe into a masked CardRead', async () => {
    const seen = await open();
    expect(reader?.health.state).toBe('ready');
    hid.swipe(CARD);
    expect(seen.cards).toHaveLength(1);
    const card = seen.cards[0];
    expect([card?.pan, card?.maskedPan, card?.name?.surname, card?.serviceCode, card?.source]).toEqual(['6200000000000005', '620000******0005', 'ZHANG', '220', 'magstripe']);
  });

  it('reads track 2 alone, and reports tracks the reader could not read', async () => {
    const seen = await open();
    hid.swipe(CARD, { track1: false });
    expect(seen.cards[0]?.name).toBeUndefined();
    hid.swipe(CARD, { failTracks: [1, 2] });
    expect(seen.errors.map((e) => [e.code, e.field])).toEqual([['READ_ERROR', 'TRACK_READ_ERROR']]);
    hid.report(new Uint8Array(4));
    expect(seen.errors.at(-1)?.field).toBe('HID_REPORT');
  });

  it('asks for attention after repeated failed reads and recovers on a good one', async () => {
    const seen = await open(2);
    hid.swipe({ ...CARD, pan: '6200000000000006' });
    expect(reader?.health.state).toBe('ready');
    hid.swipe({ ...CARD, pan: '6200000000000006' });
    expect(reader?.health).toMatchObject({ state: 'attention', reason: 'read-error' });
    expect(seen.errors.map((e) => e.field)).toEqual(['PAN_LUHN', 'PAN_LUHN']);
    hid.swipe(CARD);
    expect(reader?.health.state).toBe('ready');
  });

  it('goes offline when the device is unplugged, and refuses to open when it cannot', async () => {
    const seen = await open();
    hid.unplug();
    expect(reader?.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
    expect(seen.health.map((h) => h.state)).toEqual(['ready', 'offline']);
    const broken = createMagstripeReader({
      hid: () => {
        throw new Error('cannot open device with path /dev/hidraw9');
      },
    });
    const err = await broken.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CardReadError);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', source: 'magstripe' });
  });

  it('wipes a read nobody listens for', async () => {
    hid = createFakeHidDevice();
    const logged: unknown[] = [];
    const capture = (obj: object): void => void logged.push((obj as { card?: unknown }).card);
    reader = createMagstripeReader({ hid, log: { debug: capture, info: capture, warn: capture, error: capture } });
    await reader.open();
    hid.swipe(CARD);
    const card = logged.find((c): c is CardRead => c instanceof CardRead);
    expect(card?.maskedPan).toBe('620000******0005');
    expect(card?.wiped).toBe(true);
    expect(card?.pan).toBe('');
  });
});

describe('magnetic stripe reader as a keyboard wedge', () => {
  function keySource(): KeySource & { type(text: string, gapMs: number): Promise<void> } {
    const subs = new Set<(e: KeyEvent) => void>();
    return {
      onKey(cb) {
        subs.add(cb);
        return () => subs.delete(cb);
      },
      async type(text, gapMs) {
        for (const c of text) {
          for (const cb of subs) cb({ key: c === '\n' ? 'Enter' : c, timeStamp: performance.now() });
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
        }
      },
    };
  }

  it('emits swipes and hands typing back', async () => {
    const keys = keySource();
    const typing: string[] = [];
    reader = createMagstripeReader({ wedge: { source: keys, onTyping: (evs) => typing.push(...evs.map((e) => e.key)) } });
    const seen = collect(reader);
    await reader.open();
    await keys.type('%B6200000000000005^ZHANG/SAN^3108220000123?\n;6200000000000005=3108220000123?\n', 0);
    await new Promise((r) => setTimeout(r, 60));
    await keys.type('12', 45);
    await new Promise((r) => setTimeout(r, 60));
    expect(seen.cards.map((c) => c.maskedPan)).toEqual(['620000******0005']);
    expect(typing).toEqual(['1', '2']);
  });
});
