// A network flap in the middle of a call: every packet on loopback — media, signaling, the
// kiosk's bridge — is dropped for ~2 s, then the link heals. Media must be back on both
// sides within 1.5 s of healing, and the expert must re-offer with new ICE credentials
// (an ICE restart, seen as a changed ICE ufrag on both peers).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptCall, expectVideoFlowing, msUntilFramesResume, pressHelp, toHome, wrapUp } from './support/call-steps.js';
import { SCREENSHOTS, startCallStack, type CallStack } from './support/call-stack.js';
import { cutLoopback, healLoopback } from './support/netns.node.js';
import { iceRestarts, mediaFigures, probeSummary } from './support/rtc-probe.js';

const FLAP_MS = 2000;
const RECOVERY_LIMIT_MS = 1500;

let stack: CallStack;
let kiosk: Page;
let console_: Page;

beforeAll(async () => {
  stack = await startCallStack({ kioskId: 'K74' });
  const expert = await stack.hub.createStaff('expert', 'Zhou Expert');
  console_ = await stack.openConsole(expert);
  await console_.getByTestId('availability-toggle').click();
  await console_.locator('[data-testid="expert-state"]', { hasText: 'Available' }).waitFor();
  kiosk = await stack.openKiosk();
});
afterAll(async () => {
  try {
    healLoopback();
  } catch {
    // healed already: the normal case
  }
  await stack?.close();
});

describe('a network flap during a call', () => {
  it('gets media back within 1.5 s of healing, and the expert restarts ICE', async () => {
    await toHome(kiosk, 'en');
    await pressHelp(kiosk);
    await console_.locator('[data-testid="queue-item"]', { hasText: 'K74' }).waitFor();
    await acceptCall(console_, 'K74');
    await expectVideoFlowing(kiosk, 'remote-video');
    await expectVideoFlowing(console_, 'console-remote-video');
    const before = { kiosk: await probeSummary(kiosk), console: await probeSummary(console_) };
    expect(iceRestarts(before.console)).toBe(0);

    const how = cutLoopback();
    let healed = false;
    try {
      await new Promise((resolve) => setTimeout(resolve, FLAP_MS));
      // Nothing got through while cut: the kiosk's decoded-frame count stood still.
      const during = (await mediaFigures(kiosk)).framesDecoded;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await mediaFigures(kiosk)).framesDecoded).toBe(during);
    } finally {
      healLoopback();
      healed = true;
    }
    expect(healed).toBe(true);
    const healedAt = (await console_.evaluate('performance.now()')) as number;
    // Measured from the moment the link healed, on both sides at once.
    const [kioskBackMs, consoleBackMs] = await Promise.all([msUntilFramesResume(kiosk, 10_000), msUntilFramesResume(console_, 10_000)]);
    console.info(`flap: ${how} for ${FLAP_MS} ms; media back ${kioskBackMs?.toFixed(0)} ms (kiosk) and ${consoleBackMs?.toFixed(0)} ms (console) after healing`);
    expect(kioskBackMs).not.toBeNull();
    expect(consoleBackMs).not.toBeNull();
    expect(kioskBackMs!).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(consoleBackMs!).toBeLessThan(RECOVERY_LIMIT_MS);

    // The expert re-offered with fresh ICE credentials and the kiosk took them.
    await expect.poll(async () => iceRestarts(await probeSummary(console_)), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => iceRestarts(await probeSummary(kiosk), 'remote-ufrag'), { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    expect(Number(await console_.locator('[data-ice-restarts]').getAttribute('data-ice-restarts'))).toBeGreaterThanOrEqual(1);
    const firstUfrag = before.console.events.find((e) => e.kind === 'local-ufrag')?.value;
    const restartedAt = (await probeSummary(console_)).events.find((e) => e.kind === 'local-ufrag' && e.value !== firstUfrag)?.at ?? NaN;
    console.info(`flap: the expert re-offered with new ICE credentials ${(restartedAt - healedAt).toFixed(0)} ms after healing (${(restartedAt - healedAt + FLAP_MS).toFixed(0)} ms after the cut)`);
    await expect.poll(() => console_.getByTestId('media-state').innerText(), { timeout: 10_000 }).toContain('Media connected');
    // And media still flows after the restart.
    await expectVideoFlowing(kiosk, 'remote-video');
    await expectVideoFlowing(console_, 'console-remote-video');
    await console_.screenshot({ path: path.join(SCREENSHOTS, 'call-console-after-flap-en.png') });

    await console_.getByTestId('console-end').click();
    await wrapUp(console_, 'resolved', 'Flap test call.');
  });
});
