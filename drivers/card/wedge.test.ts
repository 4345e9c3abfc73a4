import { describe, expect, it } from 'vitest';
import { decodeSwipe } from './codec/tracks.js';
import { CardRead } from './codec/card-read.js';
import { WedgeDetector, type KeyEvent, type WedgeOutput } from './wedge.js';

const SWIPE = '%B4111111111111111^DOE/JOHN^2512101?\n;4111111111111111=2512101?\n';

/** Key events for `text` starting at t0, `gap` ms apart; '\n' is the Enter key. */
function keys(text: string, t0: number, gap: number | (() => number)): KeyEvent[] {
  let t = t0;
  return [...text].map((c, i) => {
    if (i > 0) t += typeof gap === 'number' ? gap : gap();
    return { key: c === '\n' ? 'Enter' : c, timeStamp: t };
  });
}

function run(d: WedgeDetector, events: KeyEvent[]): WedgeOutput[] {
  return [...events.flatMap((e) => d.push(e)), ...d.flush()];
}

const typed = (out: WedgeOutput[]): string => out.flatMap((o) => (o.type === 'typing' ? o.events.map((e) => e.key) : [])).join('');
const swipes = (out: WedgeOutput[]): Uint8Array[] => out.flatMap((o) => (o.type === 'swipe' ? [o.data] : []));

describe('keyboard wedge detector', () => {
  it('turns a fast burst starting with a sentinel into one swipe', () => {
    const out = run(new WedgeDetector(), keys(SWIPE, 1000, 4));
    expect(typed(out)).toBe('');
    const [data] = swipes(out);
    expect(data && decodeSwipe(data)).toBeInstanceOf(CardRead);
  });

  it('accepts jittery reader timing up to the gap limit, ignoring Shift presses', () => {
    let n = 0;
    const jitter = (): number => [2, 29, 11, 0, 17][n++ % 5] ?? 1;
    const events = keys(SWIPE, 0, jitter).flatMap((e) => (/[A-Z%^?]/.test(e.key) ? [{ key: 'Shift', timeStamp: e.timeStamp - 0.5 }, e] : [e]));
    const out = run(new WedgeDetector(), events);
    expect(swipes(out)).toHaveLength(1);
    expect(typed(out)).toBe('');
  });

  it('passes slow typing through untouched, even when it starts with ; or %', () => {
    const d = new WedgeDetector();
    expect(run(d, keys('hello', 0, 120))).toEqual(keys('hello', 0, 120).map((e) => ({ type: 'typing', events: [e] })));
    const out = run(d, keys(';4111111111111111=2512', 5000, 80));
    expect(typed(out)).toBe(';4111111111111111=2512');
    expect(swipes(out)).toHaveLength(0);
  });

  it('releases a held Shift in order when a person types a capital', () => {
    const d = new WedgeDetector();
    const out = run(d, [{ key: 'Shift', timeStamp: 0 }, { key: 'A', timeStamp: 90 }, { key: 'b', timeStamp: 200 }]);
    expect(typed(out)).toBe('ShiftAb');
  });

  it('treats a short fast burst as typing (a quick ";" then letters)', () => {
    const out = run(new WedgeDetector(), keys(';abc', 0, 5));
    expect(typed(out)).toBe(';abc');
    expect(swipes(out)).toHaveLength(0);
  });

  it('separates a swipe from typing right before and after it', () => {
    const events = [...keys('ab', 0, 150), ...keys(SWIPE.trim(), 400, 3), ...keys('cd', 900, 150)];
    const out = run(new WedgeDetector(), events);
    expect(out.map((o) => o.type)).toEqual(['typing', 'typing', 'swipe', 'typing', 'typing']);
    expect(typed(out)).toBe('abcd');
  });

  it('holds keys only while a burst may be a swipe', () => {
    const d = new WedgeDetector({ maxGapMs: 30 });
    expect(d.push({ key: 'x', timeStamp: 0 })).toHaveLength(1);
    expect(d.pending).toBe(false);
    expect(d.push({ key: '%', timeStamp: 10 })).toEqual([]);
    expect(d.pending).toBe(true);
    expect(d.flush()).toEqual([{ type: 'typing', events: [{ key: '%', timeStamp: 10 }] }]);
    expect(d.pending).toBe(false);
  });

  it('cuts an endless burst at maxChars', () => {
    const d = new WedgeDetector({ maxChars: 40 });
    const out = run(d, keys(';' + '1'.repeat(100), 0, 1));
    expect(swipes(out).map((s) => s.length)).toEqual([40]);
    expect(typed(out)).toBe('');
  });
});
