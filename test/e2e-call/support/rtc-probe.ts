// Node side of rtc-probe.page.js: installs it in a page and reads it back. Every call into
// the page is a string expression, so no transpiler helper (tsx's __name) reaches the page.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

const PROBE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rtc-probe.page.js');

export interface ProbeEvent {
  at: number;
  pc: number;
  kind: 'ice' | 'local-ufrag' | 'remote-ufrag';
  value: string;
}

export interface ProbeSummary {
  configs: (RTCConfiguration | null)[];
  events: ProbeEvent[];
  clickAt: number | null;
  firstFrameAt: number | null;
  pcCount: number;
}

export interface MediaFigures {
  framesDecoded: number;
  frameWidth: number;
  /** totalAudioEnergy of the received audio: it stops growing while the sender is muted. */
  audioEnergy: number;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  localAddress: string | null;
  remoteAddress: string | null;
  iceState: string;
}

/** Every page of the context gets the probe; `button`/`video` time click → first frame. */
export async function installProbe(context: BrowserContext, watch: { button: string; video: string }): Promise<void> {
  await context.addInitScript({ content: `window.__rtcProbeWatch = ${JSON.stringify(watch)};` });
  await context.addInitScript({ path: PROBE_FILE });
}

export const probeSummary = (page: Page) => page.evaluate('window.__rtcProbe.summary()') as Promise<ProbeSummary>;
export const mediaFigures = (page: Page) => page.evaluate('window.__rtcProbe.figures()') as Promise<MediaFigures>;
export const videoFrames = (page: Page, testId: string) =>
  page.evaluate(`window.__rtcProbe.videoFrames(${JSON.stringify(testId)})`) as Promise<{ width: number; frames: number }>;

export const capturedTracks = (page: Page) =>
  page.evaluate('window.__rtcProbe.capturedTracks()') as Promise<{ kind: string; readyState: string }[]>;

/**
 * Polls a page expression until it is truthy. (Playwright's waitForFunction compiles its
 * predicate with eval in the page, which the kiosk page's CSP rightly refuses.)
 */
export async function waitForPageExpression(page: Page, expression: string, timeoutMs: number, pollMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Sends `message` (JSON) on the page's open data channel; false when none is open. */
export const sendOnChannel = (page: Page, message: object) =>
  page.evaluate(`window.__rtcProbe.sendOnChannel(${JSON.stringify(JSON.stringify(message))})`) as Promise<boolean>;

/** ICE restarts seen by a page: how often a connection's local ufrag changed. */
export function iceRestarts(summary: ProbeSummary, kind: 'local-ufrag' | 'remote-ufrag' = 'local-ufrag'): number {
  const last = new Map<number, string>();
  let restarts = 0;
  for (const event of summary.events.filter((e) => e.kind === kind && e.value !== '')) {
    const previous = last.get(event.pc);
    if (previous !== undefined && previous !== event.value) restarts += 1;
    last.set(event.pc, event.value);
  }
  return restarts;
}
