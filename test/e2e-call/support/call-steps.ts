// Assertions shared by the call tests: a side shows the other's video, and how long media
// takes to resume. The actions themselves are in call-actions.ts.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { mediaFigures, videoFrames } from './rtc-probe.js';

export { acceptCall, pressHelp, toHome, wrapUp } from './call-actions.js';

/**
 * Proves a side decodes the other's video: the <video> has a size and keeps presenting
 * frames, and the connection's decoded-frame count keeps growing.
 */
export async function expectVideoFlowing(page: Page, videoTestId: string): Promise<{ width: number; decoded: number }> {
  await expect.poll(async () => (await videoFrames(page, videoTestId)).width, { timeout: 20_000 }).toBeGreaterThan(0);
  const before = { video: await videoFrames(page, videoTestId), stats: await mediaFigures(page) };
  await expect.poll(async () => (await videoFrames(page, videoTestId)).frames, { timeout: 10_000 }).toBeGreaterThan(before.video.frames + 10);
  await expect.poll(async () => (await mediaFigures(page)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(before.stats.framesDecoded + 10);
  return { width: (await videoFrames(page, videoTestId)).width, decoded: (await mediaFigures(page)).framesDecoded };
}

/** Waits for frames to keep being decoded on `page` and returns how long that took, in ms. */
export async function msUntilFramesResume(page: Page, timeoutMs: number, pollMs = 25): Promise<number | null> {
  const start = performance.now();
  const base = (await mediaFigures(page)).framesDecoded;
  while (performance.now() - start < timeoutMs) {
    if ((await mediaFigures(page)).framesDecoded > base + 1) return performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return null;
}
