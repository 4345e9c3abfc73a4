import { describe, expect, it } from 'vitest';
import type { HubReply, Send } from './hub-send.node.js';
import { silentLogger } from './log.node.js';
import { QueueWaits } from './queue-waits.node.js';

const answer = (waits: unknown[]): HubReply => ({ status: 200, json: () => Promise.resolve({ branchId: 'B1', waits, ticket: null }) });
const deposits = (waiting: number, estimatedWaitSec: number | null) => ({ serviceId: 'deposits', waiting, openCounters: estimatedWaitSec === null ? 0 : 1, serviceSec: 240, estimatedWaitSec });

function harness(replies: (() => Promise<HubReply>)[]) {
  let clock = 1_000_000;
  const paths: string[] = [];
  const send: Send = (_method, path) => {
    paths.push(path);
    const next = replies.shift();
    return next ? next() : Promise.reject(new Error('no more replies'));
  };
  const waits = new QueueWaits({ kioskId: 'K 1', send, log: silentLogger(), now: () => clock, waitMs: 50 });
  return { waits, paths, advance: (ms: number) => (clock += ms) };
}

describe('QueueWaits', () => {
  it('asks the hub for the kiosk’s branch and answers the service’s wait', async () => {
    const h = harness([() => Promise.resolve(answer([deposits(3, 840)]))]);
    expect(await h.waits.forNewTicket('deposits')).toEqual({ ahead: 3, estimatedWaitSec: 840 });
    expect(h.paths).toEqual(['/v1/kiosks/K%201/branch-queue/waits']);
    // A service the hub knows nothing of: nobody waits for it, and no counter serves it.
    expect(await h.waits.forNewTicket('loans')).toEqual({ ahead: 0, estimatedWaitSec: null });
    expect(h.paths).toHaveLength(1);
  });

  it('a prefetch while the customer chooses serves the ticket without asking again', async () => {
    const h = harness([() => Promise.resolve(answer([deposits(1, 120)]))]);
    h.waits.prefetch();
    h.waits.prefetch();
    await Promise.resolve();
    h.advance(5_000);
    expect(await h.waits.forNewTicket('deposits')).toEqual({ ahead: 1, estimatedWaitSec: 120 });
    expect(h.paths).toHaveLength(1);
  });

  it('never holds a ticket for a slow hub: past the wait it answers from a recent answer, or not at all', async () => {
    const never = () => new Promise<HubReply>(() => undefined);
    const h = harness([never]);
    const started = Date.now();
    expect(await h.waits.forNewTicket('deposits')).toBeNull();
    expect(Date.now() - started).toBeLessThan(1_000);

    const g = harness([() => Promise.resolve(answer([deposits(2, 600)])), never, never]);
    await g.waits.forNewTicket('deposits');
    g.advance(60_000);
    expect(await g.waits.forNewTicket('deposits')).toEqual({ ahead: 2, estimatedWaitSec: 600 });
    g.advance(61_000);
    expect(await g.waits.forNewTicket('deposits')).toBeNull();
  });

  it('a refusal or a malformed answer is no answer', async () => {
    const h = harness([() => Promise.resolve({ status: 404, json: () => Promise.resolve({}) }), () => Promise.resolve({ status: 200, json: () => Promise.resolve({ waits: 'nope' }) })]);
    expect(await h.waits.forNewTicket('deposits')).toBeNull();
    expect(await h.waits.forNewTicket('deposits')).toBeNull();
    expect(h.paths).toHaveLength(2);
  });
});
