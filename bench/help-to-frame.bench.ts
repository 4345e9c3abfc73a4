// Help press → first remote video frame rendered on the kiosk, p50 and p95 over 20 calls,
// against a floor measured in the same run and the same Chromium: a raw RTCPeerConnection
// call between two pages (no hub, no kiosk host, no simple-peer), from "call" to the
// callee's first frame. ratio = p50 / floor p50; lower is better, target ≤ 1.5.
// Like the call tests it runs in a network namespace with only loopback: started elsewhere,
// it re-runs itself under `unshare -n` and returns what that run wrote.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCallPages } from '../test/e2e-call/support/build-pages.node.js';
import { launchCallBrowser } from '../test/e2e-call/support/call-stack.js';
import { isolatedLoopback } from '../test/e2e-call/support/netns.node.js';
import { measureFloor } from './help-to-frame/floor.js';
import { measureSystem } from './help-to-frame/system.js';
import { percentile, writeResult, type BenchResult } from './result.js';

const CALLS = 20;
const WARMUP = 2;
const NAME = 'help-to-frame';
const SELF = fileURLToPath(import.meta.url);
const IN_NAMESPACE_FLAG = '--in-namespace';

const round = (ms: number | null) => Number((ms ?? Number.NaN).toFixed(1));
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/**
 * Runs this file again inside a fresh network namespace; the child writes the result. The
 * previous run's result is removed first, so a child that exits 0 without writing one fails
 * here instead of passing an old figure off as this run's.
 */
function inNamespace(): BenchResult {
  const resultFile = path.resolve('bench/results', `${NAME}.json`);
  rmSync(resultFile, { force: true });
  const inner = ['sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, '--import', 'tsx', SELF, IN_NAMESPACE_FLAG];
  const asRoot = process.getuid?.() === 0;
  const child = spawnSync('unshare', [...(asRoot ? ['-n'] : ['-r', '-n']), ...inner], { stdio: 'inherit' });
  if (child.error) throw new Error(`cannot start a network namespace: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`${NAME} failed inside its network namespace (exit ${child.status})`);
  if (!existsSync(resultFile)) throw new Error(`${NAME}: the run inside the network namespace exited 0 but wrote no result`);
  return JSON.parse(readFileSync(resultFile, 'utf8')) as BenchResult;
}

async function measure(): Promise<BenchResult> {
  await buildCallPages();
  const browser = await launchCallBrowser();
  let floor: number[];
  try {
    floor = sorted(await measureFloor(browser, CALLS, WARMUP));
  } finally {
    await browser.close();
  }
  console.log(`  floor (raw RTCPeerConnection, two pages): p50 ${round(percentile(floor, 50))} ms, p95 ${round(percentile(floor, 95))} ms`);
  const system = sorted(await measureSystem(CALLS, WARMUP, (ms) => process.stdout.write(`  call: ${ms.toFixed(0)} ms\n`)));
  const p50 = round(percentile(system, 50));
  const p95 = round(percentile(system, 95));
  console.log(`  help-to-frame: p50 ${p50} ms, p95 ${p95} ms over ${system.length} calls`);
  return writeResult({
    name: NAME,
    metric: `ms from Help press to the first remote frame on the kiosk, p50 (p95 ${p95} ms)`,
    value: p50,
    unit: 'ms',
    baseline: { name: `raw RTCPeerConnection loopback between two pages, p50 (p95 ${round(percentile(floor, 95))} ms)`, value: round(percentile(floor, 50)) },
    target: '<=1.5 (lower is better)',
    samples: system.length,
    p50,
    p99: round(percentile(system, 99)),
  });
}

export async function run(): Promise<BenchResult> {
  return isolatedLoopback() ? measure() : inNamespace();
}

// The re-run inside the namespace.
if (process.argv[1] === SELF && process.argv.includes(IN_NAMESPACE_FLAG)) {
  if (!isolatedLoopback()) throw new Error(`${IN_NAMESPACE_FLAG} given, but the network is not loopback-only`);
  await measure();
}
