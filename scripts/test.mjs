// `npm test`: every tier, in one run, ending with one plain summary line. Missing system
// packages are installed (as root) or named with the command to install them — no tier is
// ever skipped for want of a dependency.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSystemPackages } from './prerequisites.mjs';

const extra = process.argv.slice(2);
if (!ensureSystemPackages()) process.exit(1);

const run = (label, cmd, args) => {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
};

let passed = 0;
let failed = 0;
let skipped = 0;
const count = (ok) => (ok ? passed++ : failed++);

count(run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']));
count(run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']));
if (!run('build renderer and electron bundles', 'npm', ['run', 'build', '--silent'])) {
  console.error('build failed; the e2e tier needs the built page');
  failed++;
}

const reportDir = mkdtempSync(path.join(os.tmpdir(), 'bk-test-'));
const tally = (label, file) => {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests + (json.numFailedTestSuites ?? 0);
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  } catch {
    console.error(`${label} produced no report`);
    failed++;
  }
};
const json = (name) => ['--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reportDir, name)}`];

run('vitest (unit, integration, e2e)', 'npx', ['vitest', 'run', ...json('vitest.json'), ...extra]);
tally('vitest', path.join(reportDir, 'vitest.json'));
// Video calls run in their own network namespace with only loopback (unshare -n).
run('vitest (e2e-call: video calls in Chromium, network namespace with only loopback)', 'node', ['test/e2e-call/run-isolated.mjs', ...json('vitest-call.json')]);
tally('vitest e2e-call', path.join(reportDir, 'vitest-call.json'));
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
