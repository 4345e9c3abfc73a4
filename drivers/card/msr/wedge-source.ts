// Swipes from a keyboard-wedge reader: key events from wherever the keyboard is read (the
// kiosk page forwards them, or an evdev reader on Linux) go through the WedgeDetector; typing
// is handed back untouched through onTyping.
import { createListeners } from '../../shared/listeners.js';
import type { TransportState } from '../../transports/byte-transport.js';
import { WedgeDetector, type KeyEvent, type WedgeOptions, type WedgeOutput } from '../wedge.js';
import type { SwipeEvent, SwipeSource } from './source.js';

export interface KeySource {
  onKey(cb: (e: KeyEvent) => void): () => void;
}

export interface WedgeInput extends WedgeOptions {
  source: KeySource;
  /** Key presses that were typing, not a swipe, in order. */
  onTyping?: (events: KeyEvent[]) => void;
}

export function createWedgeSwipeSource(input: WedgeInput, description = 'wedge://keyboard'): SwipeSource {
  const swipes = createListeners<SwipeEvent>();
  const states = createListeners<TransportState>();
  const detector = new WedgeDetector(input);
  let off: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const deliver = (outputs: WedgeOutput[]): void => {
    for (const o of outputs) {
      if (o.type === 'swipe') swipes.emit({ kind: 'text', data: o.data });
      else input.onTyping?.(o.events);
    }
  };

  const onKey = (e: KeyEvent): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    deliver(detector.push(e));
    if (!detector.pending) return;
    // Held keys are decided once the burst has been quiet for longer than a swipe's gaps.
    timer = setTimeout(() => {
      timer = undefined;
      deliver(detector.flush());
    }, detector.gapMs + 5);
  };

  return {
    description,
    async open() {
      if (off) return;
      off = input.source.onKey(onKey);
      states.emit('open');
    },
    async close() {
      if (!off) return;
      off();
      off = undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
      // Held typing still goes back to the page; a swipe cut by closing is dropped, wiped.
      for (const o of detector.flush()) {
        if (o.type === 'typing') input.onTyping?.(o.events);
        else o.data.fill(0);
      }
      states.emit('closed');
    },
    onSwipe: (cb) => swipes.add(cb),
    onState: (cb) => states.add(cb),
  };
}
