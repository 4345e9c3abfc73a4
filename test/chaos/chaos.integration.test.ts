// `npm test`'s bounded chaos run: 50 kill/restart rounds of the outbox + sync engine against
// a real hub on PostgreSQL with kiosk authentication on, half of the kills power cuts that
// drop every unsynced write. `npm run chaos -- --rounds N` runs it at any size. A second run
// breaks the outbox's durability on purpose and must be caught: the verdict can fail. A third
// runs two hub instances (PostgreSQL + NATS) behind a proxy, kill -9ing one each round while
// two simulated calls must resume on the other (`npm run chaos -- --rounds 30 --hubs 3`
// is the full size; ~80 s on a loaded 2-core machine, this one ~30 s).
import { describe, expect, it } from 'vitest';
import { runChaos } from './chaos-runner.node.js';
import { chaosFailed } from './chaos-verify.js';

describe('chaos: SIGKILL and power cuts at random moments', () => {
  it('delivers every acknowledged transaction to the hub exactly once, in seq order, with the content committed', async () => {
    const report = await runChaos({ rounds: 50 });
    console.log(JSON.stringify(report));
    expect(report.rounds).toBe(50);
    expect(report.powerCuts).toBeGreaterThan(10);
    expect(report.acknowledged).toBeGreaterThan(50);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0, mismatched: 0, forgotten: 0, deadLettered: 0, unknownAtHub: 0 });
    // Everything the kiosk still holds — acknowledged or not — reached the hub once the backlog drained.
    expect(report.atHub).toBe(report.enqueued);
    expect(chaosFailed(report)).toBe(false);
  }, 240_000);

  it('catches an outbox that acknowledges before its write is durable (the journal append skipped)', async () => {
    // Every round writes for 1.35 s and ends in a power cut.
    const report = await runChaos({ rounds: 4, maxLifeMs: 1_500, powerCutShare: 1, random: () => 0.9, childEnv: { BK_CHAOS_BREAK: 'skip-journal' } });
    console.log(JSON.stringify(report));
    expect(report.lost + report.forgotten).toBeGreaterThan(0);
    expect(chaosFailed(report)).toBe(true);
  }, 120_000);

  it('with two hub instances, one killed each round: transactions still exactly once and in order, calls resume on the other instance', async () => {
    const report = await runChaos({ rounds: 8, hubs: 2, calls: 2, log: (line) => console.log(line) });
    console.log(JSON.stringify(report));
    expect(report).toMatchObject({ hubs: 2, hubKills: 8, lost: 0, duplicated: 0, outOfOrder: 0, mismatched: 0, forgotten: 0, deadLettered: 0, unknownAtHub: 0 });
    expect(report.atHub).toBe(report.enqueued);
    expect(report.calls).toMatchObject({ started: 2, dropped: 0 });
    // Eight kills of one of two instances holding four sockets: some cut a call.
    expect(report.calls!.survivedHubKill).toBeGreaterThan(0);
    expect(chaosFailed(report)).toBe(false);
  }, 120_000);
});
