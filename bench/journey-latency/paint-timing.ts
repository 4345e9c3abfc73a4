// Tap → next screen painted, timed inside the page. Before the tap, the armed page listens for
// the first pointerdown (capture phase, so no handler of the page can hide it) and checks on
// every animation frame whether the next screen's element is in the document; in the frame
// where it is, that frame will paint it, so the time taken just after that frame (a message
// posted from its rAF callback, delivered after the frame's paint) is "painted". Both ends are
// on the page's performance timeline: event.timeStamp and performance.now().
import type { Locator, Page } from 'playwright-core';

interface Armed {
  tapAt: number | null;
  paintedAt: number;
  /** The same instant on the epoch (ms), to compare with a device event started from Node. */
  paintedEpoch: number;
}

const TIMEOUT_MS = 30_000;

// Plain JS text rather than a function handed to page.evaluate: tsx's transform may add helpers
// (__name) to a TypeScript function that do not exist in the page.
const ARM = `(selector) => {
  let tapAt = null;
  window.addEventListener('pointerdown', (event) => { tapAt = event.timeStamp; }, { capture: true, once: true });
  if (document.querySelector(selector)) throw new Error(selector + ' is on screen before the tap');
  window.__journeyLatency = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(selector + ' not painted within ${TIMEOUT_MS} ms')), ${TIMEOUT_MS});
    const check = () => {
      if (!document.querySelector(selector)) return void requestAnimationFrame(check);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        clearTimeout(timer);
        const paintedAt = performance.now();
        resolve({ tapAt, paintedAt, paintedEpoch: performance.timeOrigin + paintedAt });
      };
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(check);
  });
}`;

const arm = (page: Page, next: string) => page.evaluate(`(${ARM})(${JSON.stringify(next)})`);
const painted = (page: Page) => page.evaluate('window.__journeyLatency') as Promise<Armed>;

/** Milliseconds from the pointerdown of a click on `target` to the first frame painted with `next` in it. */
export async function timeTap(page: Page, target: Locator, next: string): Promise<number> {
  await target.waitFor();
  await arm(page, next);
  await target.click();
  const at = await painted(page);
  if (at.tapAt === null) throw new Error(`no pointerdown seen for the tap before ${next}`);
  return at.paintedAt - at.tapAt;
}

/**
 * Milliseconds from `act` starting in Node (a simulated swipe, the PIN pad's Enter) to the first
 * frame painted with `next` in it, on the epoch: Node's and the page's clocks are this machine's.
 */
export async function timeDevice(page: Page, act: () => Promise<void>, next: string): Promise<number> {
  await arm(page, next);
  const startedEpoch = performance.timeOrigin + performance.now();
  await act();
  const at = await painted(page);
  return at.paintedEpoch - startedEpoch;
}
