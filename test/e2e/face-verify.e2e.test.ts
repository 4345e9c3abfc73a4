// The default face verifier (@vladmandic/human, WASM backend) in Debian Chromium with a fake
// camera fed from a video file: the card holder who blinks passes, someone else fails, and the
// card holder's photo held still in front of the camera fails liveness.
// Fixtures and their licences: test/fixtures/faces/README.md. Needs ffmpeg (makes the videos).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FACE_MATCH_THRESHOLD, faceCheckResultSchema, type FaceCheckResult } from '../../protocol/face-check.js';
import { serveFacePage, type FacePage } from './face-verify/face-page.node.js';
import type { CheckOptions } from './face-verify/harness.dom.js';
import { LIVE_FIXTURES, makeVideo, type VideoKind } from './face-verify/videos.node.js';
import { launchChromium } from './stack.js';

type Person = keyof typeof LIVE_FIXTURES;
const ID_PHOTO: Record<Person, string> = { hopper: '/fixtures/hopper-id.jpg', collins: '/fixtures/collins-id.jpg' };
// 16 frames at most every 200 ms: 3.2 s, more than one 2 s loop of the video, so the
// 400 ms blink is seen whole (open, shut, open) wherever in the loop the step starts.
const STEP: CheckOptions = { frames: 16, intervalMs: 200 };

let server: FacePage;
let videoDir: string;

beforeAll(async () => {
  server = await serveFacePage();
  videoDir = mkdtempSync(path.join(os.tmpdir(), 'bk-face-'));
});

afterAll(async () => {
  await server?.close();
  if (videoDir) rmSync(videoDir, { recursive: true, force: true });
});

/** A Chromium whose camera shows `person`'s video of `kind`, and the harness page open in it. */
async function withCamera<T>(person: Person, kind: VideoKind, run: (page: Page) => Promise<T>): Promise<T> {
  const video = makeVideo(LIVE_FIXTURES[person], kind, videoDir);
  const browser: Browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction('window.faceHarness !== undefined');
    return await run(page);
  } finally {
    await browser.close();
  }
}

async function check(page: Page, idPhoto: string): Promise<FaceCheckResult> {
  const raw = await page.evaluate(([url, options]) => (window as unknown as { faceHarness: import('./face-verify/harness.dom.js').FaceHarness }).faceHarness.check(url, options), [idPhoto, STEP] as const);
  return faceCheckResultSchema.parse(raw);
}

describe.each(['hopper', 'collins'] as const)('face check with %s blinking at the camera', (person) => {
  const other: Person = person === 'hopper' ? 'collins' : 'hopper';

  it(`accepts ${person}'s own card and refuses ${other}'s`, async () => {
    const [engine, own, foreign] = await withCamera(person, 'blink', async (page) => [
      await page.evaluate('window.faceHarness.engine()'),
      await check(page, ID_PHOTO[person]),
      await check(page, ID_PHOTO[other]),
    ] as const);
    // The models ran on WASM in this GPU-less Chromium, not on a silent fallback.
    expect(engine).toMatch(/^human \d+\.\d+\.\d+ \(wasm\)$/);
    expect(own.liveness).toMatchObject({ passed: true, reason: 'live', challenge: 'blink' });
    expect(own.threshold).toBe(DEFAULT_FACE_MATCH_THRESHOLD);
    expect(own.score).toBeGreaterThanOrEqual(own.threshold);
    expect(own.decision).toBe('match');
    expect(foreign.liveness.passed).toBe(true);
    expect(foreign.score).toBeLessThan(foreign.threshold);
    expect(foreign.decision).toBe('no-match');
  });
});

describe.each(['hopper', 'collins'] as const)("%s's photo held still in front of the camera", (person) => {
  it('fails liveness although the face matches the card', async () => {
    const result = await withCamera(person, 'still', (page) => check(page, ID_PHOTO[person]));
    // The match alone would pass: it is the missing movement that refuses the photo.
    expect(result.score).toBeGreaterThanOrEqual(result.threshold);
    expect(result.liveness).toMatchObject({ passed: false, reason: 'no-movement', challenge: null });
    expect(result.decision).toBe('not-live');
  });
});
