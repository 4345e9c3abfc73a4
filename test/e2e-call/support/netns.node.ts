// The call tests and the help-to-frame benchmark run in a network namespace of their own
// with only loopback (`unshare -n`): no real interface can leak media onto another path,
// and cutting loopback cuts every path there is. Cutting uses `tc` on lo.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** True inside a namespace whose only interface is an up loopback. */
export function isolatedLoopback(): boolean {
  const names = Object.keys(os.networkInterfaces());
  return names.length === 1 && names[0] === 'lo';
}

export function assertIsolated(): void {
  if (isolatedLoopback()) return;
  throw new Error(
    `call tests must run in a network namespace with only loopback; found interfaces ${Object.keys(os.networkInterfaces()).join(', ')}. ` +
      'Run them with `node test/e2e-call/run-isolated.mjs` (npm run test:e2e-call).',
  );
}

/**
 * Drops every packet on lo. The kernel here has no sch_netem (`tc qdisc add dev lo root
 * netem loss 100%` answers "Specified qdisc kind is unknown"), so a pfifo with room for no
 * packet stands in: each packet is dropped on enqueue, silently for UDP, as netem would.
 * Returns the command used, for the report.
 */
export function cutLoopback(): string {
  try {
    execFileSync('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'loss', '100%'], { stdio: 'pipe' });
    return 'tc qdisc add dev lo root netem loss 100%';
  } catch {
    execFileSync('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'pfifo', 'limit', '0'], { stdio: 'pipe' });
    return 'tc qdisc add dev lo root pfifo limit 0 (sch_netem unavailable)';
  }
}

export function healLoopback(): void {
  execFileSync('tc', ['qdisc', 'del', 'dev', 'lo', 'root'], { stdio: 'pipe' });
}
