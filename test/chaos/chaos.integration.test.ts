// `npm test`'s bounded chaos run: 50 kill/restart rounds of the outbox + sync engine against
// a real hub on PostgreSQL. `npm run chaos -- --rounds N` runs it at any size.
import { describe, expect, it } from 'vitest';
import { runChaos } from './chaos-runner.node.js';

describe('chaos: SIGKILL at random moments', () => {
  it('delivers every acknowledged transaction to the hub exactly once, in seq order', async () => {
    const report = await runChaos({ rounds: 50 });
    console.log(JSON.stringify(report));
    expect(report.rounds).toBe(50);
    expect(report.acknowledged).toBeGreaterThan(100);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
    // Everything enqueued — acknowledged or not — reached the hub once the backlog drained.
    expect(report.atHub).toBe(report.enqueued);
  }, 120_000);
});
