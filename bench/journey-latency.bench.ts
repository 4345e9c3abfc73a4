// Tap → next screen painted over the bill-payment journey (issue 10), in Debian Chromium against
// the real kiosk host and the embedded hub with the demo bank, every device simulated through its
// real driver. Each iteration pays the same phone bill with the demo stripe card K1002 and times,
// in the page (bench/journey-latency/paint-timing.ts), from the tap's pointerdown to the first
// frame painted with the next screen in it:
//   home tile → bill entry, Find bill → bill shown, Pay by card → card prompt, Confirm → result;
// and, for the record, the device steps between them (card swipe → PIN screen, PIN pad Enter →
// review; from the simulator call in Node). Interleaved with each iteration, in the same browser:
// the baseline, an empty React page on 127.0.0.1 whose button switches between two routes, timed
// the same way. value = p95 of the taps, baseline = the route change's p95, ratio = value ÷
// baseline. Needs the built page (npm run build). JOURNEY_LATENCY_ITERATIONS sets the count.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MsrSimulator } from '../drivers/card/msr-simulator.node.js';
import type { PinPadSimulator } from '../drivers/pinpad/simulator.node.js';
import { timeDevice, timeTap } from './journey-latency/paint-timing.js';
import { startJourneyStack, type JourneyStack } from './journey-latency/stack.js';
import { journeyResult, spread, stepTable, summarise, type StepSample } from './journey-latency/stats.js';
import { writeResult, type BenchResult } from './result.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VIEWPORT = { width: 1920, height: 1080 };
const WARMUP = 2;
// Demo data (hub/banking/README.md): K1002 is a stripe card paying from A2001 (¥320.50); the
// phone bill PB-202611-0002 (¥58.00, number 13912345678) is paid again every iteration.
const K1002 = { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' };
const K1002_PIN = '246810';
const BILL = { billId: 'PB-202611-0002', biller: 'cmcc', reference: '13912345678', accountId: 'A2001', balanceMinor: 32_050 };

const screen = (testId: string) => `[data-testid="${testId}"]`;

/** The baseline page, bundled for production as the kiosk page is, served on a free loopback port. */
async function serveBaseline(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await build({
    entryPoints: [path.join(HERE, 'journey-latency/baseline-page.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    jsx: 'automatic',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]?.text ?? '';
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><div id="root"></div><script src="/app.js"></script></body></html>';
  const server = createServer((req, res) => {
    if (req.url === '/app.js') return void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/a`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function waitForDevices(stack: JourneyStack): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!stack.host.devices.list().every((d) => d.state === 'ready')) {
    if (Date.now() > deadline) throw new Error(`devices not ready: ${JSON.stringify(stack.host.devices.list().map((d) => [d.role, d.state]))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One bill payment from the attract screen back to it; the timed steps go to `record`. */
async function payOnce(page: Page, stack: JourneyStack, record: (sample: StepSample) => void): Promise<void> {
  const card = stack.host.devices.simulatorControls('card') as MsrSimulator;
  const pinpad = stack.host.devices.simulatorControls('pinpad') as PinPadSimulator;
  const tap = async (step: string, testId: string, next: string) => record({ step, kind: 'tap', ms: await timeTap(page, page.getByTestId(testId), next) });
  const device = async (step: string, act: () => Promise<void>, next: string) => record({ step, kind: 'device', ms: await timeDevice(page, act, next) });

  await page.getByTestId('attract').click();
  await page.getByTestId('language-en').click();
  await tap('home tile → bill entry', 'tile-pay-bill', screen('bill-entry-screen'));
  await page.getByTestId(`biller-${BILL.biller}`).click();
  for (const digit of BILL.reference) await page.getByTestId(`number-pad-${digit}`).click();
  await tap('Find bill → bill shown', 'find-bill', screen('bill-shown-screen'));
  await tap('Pay by card → card prompt', 'pay-by-card', screen('bill-card-screen'));
  await device('card swipe → PIN screen', () => card.swipe(K1002), screen('bill-pin-screen'));
  await pinpad.whenEntryStarts(15_000);
  await pinpad.type(K1002_PIN);
  // Enter only once the page shows every digit, so the step is Enter alone. (A locator, not
  // waitForFunction: the kiosk page's CSP refuses eval.)
  await page.getByTestId('pin-digits').filter({ hasText: new RegExp(`${K1002_PIN.length}$`) }).waitFor({ timeout: 10_000 });
  await device('PIN pad Enter → review', () => pinpad.press('enter'), screen('bill-review-screen'));
  await tap('Confirm → result', 'confirm-payment', screen('bill-outcome'));
  const outcome = await page.getByTestId('bill-outcome').getAttribute('data-outcome');
  if (outcome !== 'approved') throw new Error(`the payment was not approved (${outcome}): the demo bank's state is not what the benchmark expects`);
  await page.getByTestId('bill-done').click();
  await page.getByTestId('feedback-skip').click();
  await page.getByTestId('attract').waitFor();
}

async function measure(browser: Browser, stack: JourneyStack, baselineUrl: string, iterations: number): Promise<{ journey: StepSample[]; baseline: number[] }> {
  const kiosk = await browser.newPage({ viewport: VIEWPORT });
  const empty = await browser.newPage({ viewport: VIEWPORT });
  await kiosk.goto(stack.page.url);
  await empty.goto(baselineUrl);
  const journey: StepSample[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < WARMUP + iterations; i++) {
    const counted = i >= WARMUP;
    await stack.resetBill(BILL.billId, BILL.accountId, BILL.balanceMinor);
    // The page measured is in front: a background tab's animation frames are throttled.
    await kiosk.bringToFront();
    const before = journey.length;
    await payOnce(kiosk, stack, (sample) => counted && journey.push(sample));
    await empty.bringToFront();
    // As many route changes as the iteration had taps, alternating A → B → A.
    for (let k = 0; k < 4; k++) {
      const next = (await empty.getByTestId('route-a').count()) > 0 ? 'b' : 'a';
      const ms = await timeTap(empty, empty.getByTestId('switch-route'), screen(`route-${next}`));
      if (counted) baseline.push(ms);
    }
    if (counted) process.stdout.write(`  iteration ${i - WARMUP + 1}/${iterations}: ${journey.slice(before).map((s) => s.ms.toFixed(0)).join(' / ')} ms\n`);
  }
  return { journey, baseline };
}

export async function run(iterations = Number(process.env.JOURNEY_LATENCY_ITERATIONS ?? 30)): Promise<BenchResult> {
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`JOURNEY_LATENCY_ITERATIONS must be a positive integer, not ${process.env.JOURNEY_LATENCY_ITERATIONS}`);
  const stack = await startJourneyStack('KBENCH1');
  const baselinePage = await serveBaseline();
  let browser: Browser | null = null;
  try {
    await waitForDevices(stack);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const { journey, baseline } = await measure(browser, stack, baselinePage.url, iterations);
    const summary = summarise(journey);
    const base = spread(baseline);
    for (const line of stepTable(summary, base)) console.log(line);
    const result = writeResult(journeyResult(summary, base));
    // The per-step figures beside the result (the §8 shape has one value).
    writeFileSync(path.resolve('bench/results/journey-latency.steps.json'), JSON.stringify({ at: result.at, iterations, steps: summary.steps, taps: summary.taps, baseline: base }, null, 2) + '\n');
    return result;
  } finally {
    await browser?.close();
    await baselinePage.close();
    await stack.close();
  }
}
