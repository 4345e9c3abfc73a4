// The measured side of help-to-frame: the whole product. A customer presses Help on the
// kiosk page (real host, signed socket, hub queue), an expert who is ready takes the call in
// the console the moment it is listed, and the clock stops at the first frame of the
// expert's video presented on the kiosk. Both instants are read in the kiosk page
// (rtc-probe.page.js: the Help click, and the first requestVideoFrameCallback after it).
//
// The expert's "Take" click is made in the console page itself, by a MutationObserver that
// clicks the button as soon as the row renders: a person's reaction time is not the
// system's, and Playwright's own click (actionability checks over two animation frames,
// then a round trip) would add ~100 ms of harness to every sample.
import type { Page } from 'playwright-core';
import { toHome, wrapUp } from '../../test/e2e-call/support/call-actions.js';
import { startCallStack } from '../../test/e2e-call/support/call-stack.js';
import { probeSummary, waitForPageExpression } from '../../test/e2e-call/support/rtc-probe.js';

const KIOSK_ID = 'K90';

/** Arms the console to click "Take" on the first row of kiosk KIOSK_ID as soon as it shows. */
const ARM_INSTANT_ACCEPT = `(() => {
  const take = () => {
    const row = [...document.querySelectorAll('[data-testid="queue-item"]')].find((r) => r.textContent.includes('${KIOSK_ID}'));
    const button = row && row.querySelector('[data-testid="queue-accept"]:not([disabled])');
    if (button) button.click();
    return Boolean(button);
  };
  if (take()) return;
  const observer = new MutationObserver(() => take() && observer.disconnect());
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})()`;

async function oneCall(kiosk: Page, console: Page): Promise<number> {
  await console.evaluate(ARM_INSTANT_ACCEPT);
  await kiosk.getByTestId('help-button').click();
  await console.getByTestId('call-view').waitFor();
  await waitForPageExpression(kiosk, 'window.__rtcProbe.firstFrameAt !== null', 30_000);
  const probe = await probeSummary(kiosk);
  // Hang up from the console; the customer skips the rating; both are ready for the next.
  await console.getByTestId('console-end').click();
  await wrapUp(console, 'resolved', 'benchmark call');
  await kiosk.getByTestId('assist-rating-skip').click();
  await kiosk.locator('[data-testid="help-button"]:not([disabled])').waitFor();
  return (probe.firstFrameAt ?? Number.NaN) - (probe.clickAt ?? Number.NaN);
}

/** Milliseconds from Help to the first remote frame on the kiosk, one per measured call. */
export async function measureSystem(calls: number, warmup: number, onSample: (ms: number) => void = () => undefined): Promise<number[]> {
  const stack = await startCallStack({ kioskId: KIOSK_ID });
  try {
    const expert = await stack.hub.createStaff('expert', 'Bench Expert');
    const console = await stack.openConsole(expert);
    await console.getByTestId('availability-toggle').click();
    await console.locator('[data-testid="expert-state"]', { hasText: 'Available' }).waitFor();
    const kiosk = await stack.openKiosk();
    await toHome(kiosk);
    const samples: number[] = [];
    for (let i = 0; i < warmup + calls; i++) {
      const ms = await oneCall(kiosk, console);
      if (!Number.isFinite(ms)) throw new Error(`call ${i + 1}: no Help click or first frame was recorded`);
      if (i >= warmup) {
        samples.push(ms);
        onSample(ms);
      }
    }
    return samples;
  } finally {
    await stack.close();
  }
}
