// PCI DSS (DESIGN.md §4): swipes driven through the driver with everything logged at debug.
// Neither the log nor the serialised CardRead may carry the full PAN, the hidden middle digits,
// track data (separators with their neighbours, discretionary data) or the name.
import { inspect } from 'node:util';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CardRead } from '../device-classes.js';
import { createMagstripeReader } from './magstripe-reader.js';
import { createFakeHidDevice } from './msr-simulator.node.js';
import type { KeyEvent } from './wedge.js';
import { encodeSwipeText } from './codec/tracks.js';

const CARD = { pan: '6222021234567890128', name: { surname: 'LIU', given: 'YANG' }, expiry: { year: 2033, month: 11 }, serviceCode: '220', discretionary: '4455667788' };
const SECRETS = [CARD.pan, CARD.pan.slice(6, 15), '4455667788', '=3311', '^3311', 'LIU/YANG', 'LIU'];

function debugLog(): { lines: string[]; log: pino.Logger } {
  const lines: string[] = [];
  return { lines, log: pino({ level: 'debug' }, { write: (l: string) => lines.push(l) }) };
}

function expectClean(text: string): void {
  for (const s of SECRETS) expect(text, `leaked ${s.length} chars`).not.toContain(s);
}

describe('card data never reaches logs or JSON', () => {
  it('over HID, for good and bad swipes', async () => {
    const { lines, log } = debugLog();
    const hid = createFakeHidDevice();
    const reader = createMagstripeReader({ hid, log });
    const cards: CardRead[] = [];
    reader.onCard((c) => cards.push(c));
    reader.onError((e) => log.warn({ err: e }, 'read error seen by the app'));
    await reader.open();
    hid.swipe(CARD);
    hid.swipe({ ...CARD, pan: '6222021234567890129' });
    hid.swipe({ ...CARD, expiry: { year: 2033, month: 13 } });
    await reader.close();
    expect(cards).toHaveLength(1);
    log.info({ card: cards[0], cards }, 'the app logs the read carelessly');
    const out = lines.join('\n');
    expect(out).toContain('622202*********0128');
    expectClean(out);
    expectClean(JSON.stringify(cards));
    expectClean(inspect(cards, { depth: 10 }));
    expect(JSON.parse(JSON.stringify(cards[0]))).toMatchObject({ maskedPan: '622202*********0128', last4: '0128', bin: '622202' });
  });

  it('over a keyboard wedge', async () => {
    const { lines, log } = debugLog();
    let emit: (e: KeyEvent) => void = () => undefined;
    const reader = createMagstripeReader({ wedge: { source: { onKey: (cb) => ((emit = cb), () => undefined) } }, log });
    const cards: CardRead[] = [];
    reader.onCard((c) => cards.push(c));
    await reader.open();
    let t = 0;
    for (const b of encodeSwipeText(CARD)) emit({ key: String.fromCharCode(b), timeStamp: (t += 3) });
    await new Promise((r) => setTimeout(r, 60));
    await reader.close();
    expect(cards.map((c) => c.pan)).toEqual([CARD.pan]);
    expectClean(lines.join('\n'));
  });
});
