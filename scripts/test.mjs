// `npm test`: every tier, in one run, ending with one plain summary line. Missing system
// packages are installed (as root) or named with the command to install them; what the
// machine must offer besides packages (root, network namespaces, PostgreSQL) is checked up
// front — no tier is ever skipped for want of a dependency.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkMachineNeeds } from './machine-needs.mjs';
import { ensurePcscBinding, ensureSystemPackages } from './prerequisites.mjs';
import { countReport } from './test-count.mjs';
import { ensureTestNats } from './test-nats.mjs';
import { ensureTestPostgres } from './test-postgres.mjs';

const extra = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '..');
if (!ensureSystemPackages() || !ensurePcscBinding({ root }) || !checkMachineNeeds()) process.exit(1);
const postgres = await ensureTestPostgres();
if (!postgres) process.exit(1);
const nats = await ensureTestNats();
if (!nats) {
  postgres.stop();
  process.exit(1);
}
const env = { ...process.env, HUB_TEST_DATABASE_URL: postgres.url, HUB_TEST_NATS_URL: nats.url };

/** Output goes to a file: the spawnSync calls below block the event loop, so a pipe would fill. */
function startInBackground(cmd, args) {
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-bg-')), 'output.txt');
  const fd = openSync(logFile, 'w');
  const child = spawn(cmd, args, { env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return new Promise((resolve) => {
    const output = () => readFileSync(logFile, 'utf8');
    child.on('error', (err) => resolve({ ok: false, output: `${output()}${err.message}\n` }));
    child.on('close', (code) => resolve({ ok: code === 0, output: output() }));
  });
}

const run = (label, cmd, args, extraEnv = {}) => {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return r.status === 0;
};

let passed = 0;
let failed = 0;
let skipped = 0;
const count = (ok) => (ok ? passed++ : failed++);

// The typecheck (~1.5 min of one core) runs beside the rest: the later tiers mostly wait on
// sockets, timers and Chromium, so it costs them little and the run ~1.5 min less. Its output
// is held back and printed in one piece when it is over.
const typecheck = startInBackground('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
count(run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']));
const built = run('build renderer and electron bundles', 'npm', ['run', 'build', '--silent']);
if (!built) {
  console.error('build failed; the e2e tier needs the built page');
  failed++;
}

const reportDir = mkdtempSync(path.join(os.tmpdir(), 'bk-test-'));
const tally = (label, file) => {
  try {
    const c = countReport(JSON.parse(readFileSync(file, 'utf8')));
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
  } catch {
    console.error(`${label} produced no report`);
    failed++;
  }
};
const json = (name) => ['--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reportDir, name)}`];

try {
  run('vitest (unit, integration, e2e)', 'npx', ['vitest', 'run', ...json('vitest.json'), ...extra]);
  tally('vitest', path.join(reportDir, 'vitest.json'));
  // Video calls run in their own network namespace with only loopback (unshare -n).
  // The call tests' setup rebuilds the kiosk page and console unless told this run just built them.
  run('vitest (e2e-call: video calls in Chromium, network namespace with only loopback)', 'node', ['test/e2e-call/run-isolated.mjs', ...json('vitest-call.json')], built ? { BK_PAGES_BUILT: '1' } : {});
  tally('vitest e2e-call', path.join(reportDir, 'vitest-call.json'));
} finally {
  postgres.stop();
  nats.stop();
}
const checked = await typecheck;
console.log('\n▶ typecheck (ran in the background)');
process.stdout.write(checked.output);
count(checked.ok);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
