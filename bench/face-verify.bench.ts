// Live photo → the face verifier's answer, p95 over 20 checks, in Debian Chromium (no GPU) with
// the default verifier (@vladmandic/human on WASM) and the fake camera showing the blinking
// card holder (test/e2e/face-verify/videos.node.ts). Each check reads the card photo and the
// liveness frames first, as a journey does while the customer follows the prompt; the clock
// runs from the live photo to the result: its detection, embedding, anti-spoof and liveness
// models, the similarity and the decision. Baseline, measured in the same run and page and
// interleaved with the checks: the embedding step alone (detect + mesh + FaceRes embedding) on
// one camera frame — what any verifier must spend on a live photo.
// value = p95 of the answers, baseline = p95 of the embeddings, ratio = value ÷ baseline;
// lower is better, target ≤ 2. FACE_VERIFY_CHECKS sets the count.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { faceCheckResultSchema } from '../protocol/face-check.js';
import { serveFacePage } from '../test/e2e/face-verify/face-page.node.js';
import type { CheckOptions, FaceHarness } from '../test/e2e/face-verify/harness.dom.js';
import { LIVE_FIXTURES, makeVideo } from '../test/e2e/face-verify/videos.node.js';
import { launchChromium } from '../test/e2e/stack.js';
import { percentile, writeResult, type BenchResult } from './result.js';

const NAME = 'face-verify';
const WARMUP = 2;
const ID_PHOTO = '/fixtures/hopper-id.jpg';
// As in the e2e test: 3.2 s of frames cover one 2 s loop of the video and its blink, so the
// checks timed are whole ones that end in a match, not liveness refusals.
const STEP: CheckOptions = { frames: 32, intervalMs: 100 };

const round = (ms: number | null) => Number((ms ?? Number.NaN).toFixed(1));
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
type Harness = { faceHarness: FaceHarness };

interface Measured {
  answers: number[];
  embeddings: number[];
  /** Card photo + frames + answer, in the verifier's own timings: the compute of a whole check. */
  wholeChecks: number[];
  decisions: Record<string, number>;
}

async function measure(page: Page, checks: number): Promise<Measured> {
  const answers: number[] = [];
  const wholeChecks: number[] = [];
  const embeddings: number[] = [];
  const decisions: Record<string, number> = {};
  for (let i = 0; i < WARMUP + checks; i++) {
    const answer = await page.evaluate(([url, step]) => (window as unknown as Harness).faceHarness.timeAnswer(url, step), [ID_PHOTO, STEP] as const);
    const embedding = await page.evaluate(() => (window as unknown as Harness).faceHarness.timeEmbedding());
    if (i < WARMUP) continue;
    const result = faceCheckResultSchema.parse(answer.result);
    decisions[result.decision] = (decisions[result.decision] ?? 0) + 1;
    answers.push(answer.ms);
    embeddings.push(embedding);
    wholeChecks.push(result.timings.idPhotoMs + result.timings.framesMs + result.timings.answerMs);
    process.stdout.write(`  check ${i - WARMUP + 1}/${checks}: answer ${answer.ms.toFixed(0)} ms (${result.decision}), embedding alone ${embedding.toFixed(0)} ms\n`);
  }
  return { answers, embeddings, wholeChecks, decisions };
}

export async function run(checks = Number(process.env.FACE_VERIFY_CHECKS ?? 20)): Promise<BenchResult> {
  if (!Number.isInteger(checks) || checks < 1) throw new Error(`FACE_VERIFY_CHECKS must be a positive integer, not ${process.env.FACE_VERIFY_CHECKS}`);
  const videoDir = mkdtempSync(path.join(os.tmpdir(), 'bk-face-bench-'));
  const server = await serveFacePage();
  let browser: Browser | null = null;
  try {
    const video = makeVideo(LIVE_FIXTURES.hopper, 'blink', videoDir);
    browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction('window.faceHarness !== undefined');
    const engine = await page.evaluate(() => (window as unknown as Harness).faceHarness.engine());
    const { answers, embeddings, wholeChecks, decisions } = await measure(page, checks);
    const answer = sorted(answers);
    const embedding = sorted(embeddings);
    const p95 = round(percentile(answer, 95));
    const baseP95 = round(percentile(embedding, 95));
    console.log(`  ${engine}: answer p50 ${round(percentile(answer, 50))} ms, p95 ${p95} ms; embedding alone p50 ${round(percentile(embedding, 50))} ms, p95 ${baseP95} ms; decisions ${JSON.stringify(decisions)}`);
    const whole = sorted(wholeChecks);
    console.log(`  for the record, a whole check's compute (card photo + ${STEP.frames} frames + answer): p50 ${round(percentile(whole, 50))} ms, p95 ${round(percentile(whole, 95))} ms`);
    return writeResult({
      name: NAME,
      metric: `ms from the live photo to the face verifier's answer, p95 (${engine})`,
      value: p95,
      unit: 'ms',
      baseline: { name: `the embedding step alone on one camera frame, p95 (p50 ${round(percentile(embedding, 50))} ms)`, value: baseP95 },
      target: '<=2 (lower is better)',
      samples: answer.length,
      p50: round(percentile(answer, 50)),
      p99: round(percentile(answer, 99)),
    });
  } finally {
    await browser?.close();
    await server.close();
    rmSync(videoDir, { recursive: true, force: true });
  }
}
