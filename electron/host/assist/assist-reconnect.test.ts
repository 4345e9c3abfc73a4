// A dropped signaling socket is not a dropped call: the client reconnects on the policy's
// schedule and resumes when the hub replays its place, or gives up before the hub's grace.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log.node.js';
import { AssistClient } from './assist-client.node.js';
import { fakeHub, fakeRecorder } from './assist-testing.js';
import { graceReconnectPolicy } from './reconnect-policy.js';

const SESSION = '7a1e2b3c-4d5e-4f60-8a7b-8c9d0e1f2a01';
const REQUEST = '7a1e2b3c-4d5e-4f60-8a7b-8c9d0e1f2a02';
const HELP = { topic: 'other', flags: { vip: false, elderly: false }, journeyStep: 'home', locale: 'zh-CN' } as const;
const assigned = (resumed: boolean, iceServers = [{ urls: ['stun:127.0.0.1:3478'] }]) =>
  ({ type: 'call.assigned', sessionId: SESSION, requestId: REQUEST, expert: { displayName: 'Li Wei' }, iceServers, initiator: false, resumed }) as const;

function setup() {
  const hub = fakeHub();
  const client = new AssistClient({
    hubUrl: 'http://127.0.0.1:9',
    kioskId: 'K8',
    sign: null,
    log: silentLogger(),
    records: fakeRecorder().recorder,
    onStatus: () => undefined,
    onHubMessage: () => undefined,
    openSocket: hub.open,
    // No jitter: the schedule is exact. Grace 10 s, give up 1 s before it.
    policy: graceReconnectPolicy({ graceMs: 10_000, marginMs: 1_000, delaysMs: [0, 1_000, 2_000], random: () => 0.5 }),
    timeouts: { resumeMs: 2_000 },
  });
  return { client, hub };
}

async function inCall(t: ReturnType<typeof setup>) {
  t.client.requestHelp(HELP);
  await vi.advanceTimersByTimeAsync(0);
  t.hub.last().deliver({ type: 'queue.position', requestId: REQUEST, position: 1, expectedWaitSec: 0 });
  t.hub.last().deliver(assigned(false));
  t.client.connected(SESSION);
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('assist client: reconnecting', () => {
  it('keeps the call through a dropped socket and resumes with the fresh ICE servers', async () => {
    const t = setup();
    await inCall(t);
    t.hub.last().drop();
    expect(t.client.state).toMatchObject({ phase: 'reconnecting', from: { phase: 'in-call', sessionId: SESSION }, attempt: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.hub.sockets).toHaveLength(2);
    const fresh = [{ urls: ['turn:127.0.0.1:3478'], username: 'new', credential: 'c' }];
    t.hub.last().deliver(assigned(true, fresh));
    expect(t.client.state).toMatchObject({ phase: 'in-call', sessionId: SESSION, iceServers: fresh });
    // The resume deadline was cleared with the reconnect: nothing ends the call later.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.client.state.phase).toBe('in-call');
  });

  it('retries on the policy schedule and gives up before the grace ends', async () => {
    const t = setup();
    await inCall(t);
    t.hub.state.refuse = true;
    t.hub.last().drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.client.state).toMatchObject({ phase: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.client.state).toMatchObject({ phase: 'reconnecting', attempt: 2 });
    // Attempts at 0, 1, 3, 5, 7 and 9 s; one more (11 s) would pass the grace minus margin (9 s).
    await vi.advanceTimersByTimeAsync(6_000);
    expect(t.client.state).toMatchObject({ phase: 'reconnecting', attempt: 5 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(t.client.state).toMatchObject({ phase: 'reconnecting', attempt: 5 });
    await vi.advanceTimersByTimeAsync(1);
    expect(t.client.state).toEqual({ phase: 'ended', reason: 'kiosk-lost', sessionId: SESSION, rateable: true });
  });

  it('gives the call up when the hub does not resume it after reconnecting', async () => {
    const t = setup();
    await inCall(t);
    t.hub.last().drop();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(t.client.state.phase).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.client.state).toMatchObject({ phase: 'ended', reason: 'kiosk-lost' });
  });

  it('asks again after a drop while the request was unanswered; a waiting request resumes by position', async () => {
    const t = setup();
    t.client.requestHelp(HELP);
    await vi.advanceTimersByTimeAsync(0);
    t.hub.last().drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.hub.last().types()).toEqual(['help.request']);
    t.hub.last().deliver({ type: 'queue.position', requestId: REQUEST, position: 3, expectedWaitSec: 200 });
    expect(t.client.state).toMatchObject({ phase: 'waiting', position: 3 });
    t.hub.last().drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.hub.last().types()).toEqual([]);
    t.hub.last().deliver({ type: 'queue.position', requestId: REQUEST, position: 2, expectedWaitSec: 100 });
    expect(t.client.state).toMatchObject({ phase: 'waiting', position: 2 });
  });

  it('does not fight a newer connection of the same kiosk (close 4001)', async () => {
    const t = setup();
    await inCall(t);
    t.hub.last().drop(4001);
    expect(t.client.state).toMatchObject({ phase: 'ended', reason: 'kiosk-lost' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.hub.sockets).toHaveLength(1);
  });

  it('after the call ended, a dropped socket is reopened quietly: the ended screen stays', async () => {
    const t = setup();
    await inCall(t);
    t.hub.last().deliver({ type: 'call.end', sessionId: SESSION, reason: 'completed' });
    t.hub.last().drop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.client.state.phase).toBe('ended');
    expect(t.hub.sockets).toHaveLength(2);
    expect(t.hub.last().sent).toEqual([]);
  });
});

describe('grace reconnect policy', () => {
  it('jitters each delay by ±20 % and stops once the grace (minus margin) would pass', () => {
    const low = graceReconnectPolicy({ graceMs: 30_000, marginMs: 2_000, delaysMs: [0, 1_000, 5_000], random: () => 0 });
    const high = graceReconnectPolicy({ graceMs: 30_000, marginMs: 2_000, delaysMs: [0, 1_000, 5_000], random: () => 1 });
    expect(low.nextRetryDelayMs({ retryCount: 1, elapsedMs: 0 })).toBe(800);
    expect(high.nextRetryDelayMs({ retryCount: 1, elapsedMs: 0 })).toBe(1_200);
    expect(low.nextRetryDelayMs({ retryCount: 9, elapsedMs: 10_000 })).toBe(4_000);
    expect(high.nextRetryDelayMs({ retryCount: 9, elapsedMs: 23_000 })).toBeNull();
  });
});
