// Runs the call tests (vitest project `e2e-call`) in a new network namespace that has only
// loopback: `unshare -n sh -c 'ip link set lo up && exec node …vitest run --project e2e-call'`.
// As root that is all; as another user `unshare -r` adds a user namespace mapping us to root
// inside it, which is enough for `ip` and `tc` on the namespace's own lo.
// Extra arguments go to vitest (reporters, file filters). BK_E2E_CALL=1 tells vitest.config.ts
// to define the project; outside this wrapper it does not exist, so a plain `vitest run`
// never starts call tests on the host's network.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const asRoot = process.getuid?.() === 0;
const inner = ['sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, vitest, 'run', '--project', 'e2e-call', ...process.argv.slice(2)];
const result = spawnSync('unshare', [...(asRoot ? ['-n'] : ['-r', '-n']), ...inner], {
  stdio: 'inherit',
  env: { ...process.env, BK_E2E_CALL: '1' },
});
if (result.error) {
  console.error(`cannot start the network namespace: ${result.error.message} (needs util-linux unshare and iproute2)`);
  process.exit(1);
}
process.exit(result.status ?? 1);
