// The host's assist client against a scripted hub socket, on fake timers: the call state
// machine step by step, every phase's deadline, and what reaches the hub and the outbox.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssistStatus } from '../../bridge/assist-contract.js';
import { silentLogger } from '../log.node.js';
import { AssistClient } from './assist-client.node.js';
import type { AssistClientOptions, AssistTimeouts } from './assist-options.js';
import { fakeHub, fakeRecorder } from './assist-testing.js';

const SESSION = '0d9f3a5e-1c7b-4c2a-8d11-2f4e5a6b7c01';
const REQUEST = '0d9f3a5e-1c7b-4c2a-8d11-2f4e5a6b7c02';
const HELP = { topic: 'other', flags: { vip: false, elderly: true }, journeyStep: 'queue-ticket/choose-service', locale: 'en' } as const;
const ICE = [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }];
const assigned = (resumed = false) => ({ type: 'call.assigned', sessionId: SESSION, requestId: REQUEST, expert: { displayName: 'Li Wei' }, iceServers: ICE, initiator: false, resumed }) as const;

function setup(timeouts: Partial<AssistTimeouts> = {}, hubUrl: string | null = 'http://127.0.0.1:9', extra: Pick<AssistClientOptions, 'keepConnected' | 'idleReconnect'> = {}) {
  const hub = fakeHub();
  const { recorder, rows } = fakeRecorder();
  const statuses: AssistStatus[] = [];
  const forwarded: string[] = [];
  const client = new AssistClient({
    hubUrl,
    kioskId: 'K7',
    sign: null,
    log: silentLogger(),
    records: recorder,
    onStatus: (s) => statuses.push(s),
    onHubMessage: (m) => forwarded.push(m.type),
    openSocket: hub.open,
    timeouts,
    ...extra,
  });
  const phases = () => statuses.map((s) => s.state.phase);
  return { client, hub, rows, statuses, forwarded, phases };
}

/** Help pressed, socket opened, hub queued us. */
async function waiting(t: ReturnType<typeof setup>) {
  t.client.requestHelp(HELP);
  await vi.advanceTimersByTimeAsync(0);
  t.hub.last().deliver({ type: 'queue.position', requestId: REQUEST, position: 2, expectedWaitSec: 120 });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('assist client: a call step by step', () => {
  it('asks the hub in the session language, then follows queue → call → media up', async () => {
    const t = setup();
    expect(t.client.requestHelp(HELP).state.phase).toBe('requesting');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.hub.last().sent).toEqual([{ type: 'help.request', language: 'en', topic: 'other', flags: { vip: false, elderly: true, urgent: false }, journeyStep: 'queue-ticket/choose-service' }]);
    t.hub.last().deliver({ type: 'queue.position', requestId: REQUEST, position: 2, expectedWaitSec: 120 });
    expect(t.client.state).toEqual({ phase: 'waiting', requestId: REQUEST, position: 2, expectedWaitSec: 120 });
    t.hub.last().deliver(assigned());
    expect(t.client.state).toMatchObject({ phase: 'connecting', sessionId: SESSION, iceServers: ICE });
    expect(t.client.connected(SESSION).state.phase).toBe('in-call');
    expect(t.phases()).toEqual(['requesting', 'waiting', 'connecting', 'in-call']);
    expect(t.forwarded).toEqual(['queue.position', 'call.assigned']);
  });

  it('relays signals only for the current call and only while the socket is open', async () => {
    const t = setup();
    await waiting(t);
    expect(t.client.signal(SESSION, { type: 'answer', sdp: 'x' })).toEqual({ sent: false });
    t.hub.last().deliver(assigned());
    expect(t.client.signal(SESSION, { type: 'answer', sdp: 'x' })).toEqual({ sent: true });
    expect(t.client.signal('0d9f3a5e-1c7b-4c2a-8d11-2f4e5a6b7c99', { sdp: 'y' })).toEqual({ sent: false });
    expect(t.hub.last().sent.at(-1)).toEqual({ type: 'signal', sessionId: SESSION, data: { type: 'answer', sdp: 'x' } });
  });

  it('ends a call, asks for a rating, records it, sends call.rate and keeps the socket for the next customer', async () => {
    const t = setup();
    await waiting(t);
    t.hub.last().deliver(assigned());
    t.client.connected(SESSION);
    expect(t.client.end(SESSION, 'customer-ended').state).toEqual({ phase: 'ended', reason: 'customer-ended', sessionId: SESSION, rateable: true });
    const socket = t.hub.last();
    expect(socket.sent.at(-1)).toEqual({ type: 'call.end', sessionId: SESSION, reason: 'customer-ended' });
    expect((await t.client.rate(SESSION, { score: 4, reason: 'waiting-time' }, 'en')).state.phase).toBe('idle');
    expect(t.rows).toEqual([{ kind: 'feedback', value: { sessionId: SESSION, score: 4, reason: 'waiting-time', locale: 'en' } }]);
    expect(socket.sent.at(-1)).toEqual({ type: 'call.rate', sessionId: SESSION, nps: 4 });
    // Once per call, even when the page sends it again (e.g. from the visit's timeout).
    await t.client.rate(SESSION, { score: 9 }, 'en');
    expect(t.rows).toHaveLength(1);
    expect(socket.closed).toBe(false);
    expect(t.hub.sockets).toHaveLength(1);
  });

  it('does not offer a rating when the media never came up', async () => {
    const t = setup();
    await waiting(t);
    t.hub.last().deliver(assigned());
    t.hub.last().deliver({ type: 'call.end', sessionId: SESSION, reason: 'completed' });
    expect(t.client.state).toEqual({ phase: 'ended', reason: 'completed', sessionId: SESSION, rateable: false });
    expect((await t.client.rate(SESSION, { score: 5 }, 'en')).state.phase).toBe('ended');
    expect(t.rows).toEqual([]);
  });

  it('records the hub-signed authorization decision with the journey step', async () => {
    const t = setup();
    await waiting(t);
    t.hub.last().deliver(assigned());
    const decision = { type: 'authorization.decision', sessionId: SESSION, authRequestId: '0d9f3a5e-1c7b-4c2a-8d11-2f4e5a6b7c03', decisionId: '0d9f3a5e-1c7b-4c2a-8d11-2f4e5a6b7c04', action: 'fee.waive', decision: 'approve', decidedAt: '2026-11-23T09:00:00.000Z', signature: 'sig' } as const;
    t.hub.last().deliver(decision);
    expect(t.rows).toEqual([{ kind: 'decision', value: { ...decision, journeyStep: 'queue-ticket/choose-service' } }]);
    expect(t.forwarded).toContain('authorization.decision');
  });

  it('cancels: tells the hub, ends the request and goes idle', async () => {
    const t = setup();
    await waiting(t);
    const socket = t.hub.last();
    expect(t.client.cancel().state.phase).toBe('idle');
    expect(socket.types()).toEqual(['help.request', 'help.cancel']);
    expect(t.phases().slice(-2)).toEqual(['ended', 'idle']);
    expect(socket.closed).toBe(false);
  });

  it('waits again after a transfer, with the reason for the customer', async () => {
    const t = setup();
    await waiting(t);
    t.hub.last().deliver(assigned());
    t.hub.last().deliver({ type: 'call.end', sessionId: SESSION, reason: 'transferred' });
    expect(t.client.state).toEqual({ phase: 'requesting', after: 'transferred' });
    t.hub.last().deliver({ type: 'queue.position', requestId: REQUEST, position: 1, expectedWaitSec: 30 });
    expect(t.client.state.phase).toBe('waiting');
  });

  it('ends a call with the customer session (idle timeout) and tells the hub why', async () => {
    const t = setup();
    await waiting(t);
    t.hub.last().deliver(assigned());
    const socket = t.hub.last();
    t.client.reset('idle');
    expect(socket.sent.at(-1)).toEqual({ type: 'call.end', sessionId: SESSION, reason: 'idle-timeout' });
    expect(t.phases().slice(-2)).toEqual(['ended', 'idle']);
  });

  it('says unavailable at once without a hub, and when the hub cannot be reached', async () => {
    expect(setup({}, null).client.requestHelp(HELP).state).toMatchObject({ phase: 'ended', reason: 'unavailable' });
    const t = setup();
    t.hub.state.refuse = true;
    t.client.requestHelp(HELP);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.client.state).toMatchObject({ phase: 'ended', reason: 'unavailable', rateable: false });
  });

  it('treats a refused help.request as unavailable, but not ALREADY_WAITING', async () => {
    const t = setup();
    t.client.requestHelp(HELP);
    await vi.advanceTimersByTimeAsync(0);
    t.hub.last().deliver({ type: 'error', code: 'ALREADY_WAITING', message: 'open request', about: 'help.request' });
    expect(t.client.state.phase).toBe('requesting');
    t.hub.last().deliver({ type: 'error', code: 'FORBIDDEN', message: 'no', about: 'help.request' });
    expect(t.client.state).toMatchObject({ phase: 'ended', reason: 'unavailable' });
  });
});

describe('assist client: deadlines', () => {
  it('gives up on a hub that does not answer help.request', async () => {
    const t = setup({ answerMs: 5_000 });
    t.client.requestHelp(HELP);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.client.state.phase).toBe('requesting');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.client.state).toMatchObject({ phase: 'ended', reason: 'unavailable' });
    expect(t.hub.last().types()).toEqual(['help.request', 'help.cancel']);
  });

  it('stops waiting after the longest wait, position updates do not extend it', async () => {
    const t = setup({ maxWaitMs: 60_000 });
    await waiting(t);
    await vi.advanceTimersByTimeAsync(40_000);
    t.hub.last().deliver({ type: 'queue.position', requestId: REQUEST, position: 1, expectedWaitSec: 10 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(t.client.state).toMatchObject({ phase: 'ended', reason: 'no-answer' });
    expect(t.hub.last().types()).toContain('help.cancel');
  });

  it('ends a call whose media never connects as media-failed', async () => {
    const t = setup({ connectMs: 30_000 });
    await waiting(t);
    t.hub.last().deliver(assigned());
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.client.state).toMatchObject({ phase: 'ended', reason: 'media-failed', sessionId: SESSION });
    expect(t.hub.last().sent.at(-1)).toEqual({ type: 'call.end', sessionId: SESSION, reason: 'media-failed' });
  });

  it('with a socket per visit, closes it some time after the call if nobody rates', async () => {
    const t = setup({ lingerMs: 10_000 }, 'http://127.0.0.1:9', { keepConnected: false });
    await waiting(t);
    t.hub.last().deliver(assigned());
    t.hub.last().deliver({ type: 'call.end', sessionId: SESSION, reason: 'completed' });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(t.hub.last().closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.hub.last().closed).toBe(true);
  });
});

describe('assist client: one socket per kiosk', () => {
  it('opens the socket at start; Help then only sends a message, and the next visit reuses it', async () => {
    const t = setup();
    t.client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.hub.sockets).toHaveLength(1);
    expect(t.statuses).toEqual([]);
    await waiting(t);
    expect(t.client.cancel().state.phase).toBe('idle');
    await waiting(t);
    expect(t.hub.sockets).toHaveLength(1);
    expect(t.hub.last().types()).toEqual(['help.request', 'help.cancel', 'help.request']);
  });

  it('reopens a lost idle socket in the background with backoff, without telling the customer', async () => {
    const t = setup({}, 'http://127.0.0.1:9', { idleReconnect: { baseMs: 1_000, capMs: 4_000 } });
    t.client.start();
    await vi.advanceTimersByTimeAsync(0);
    t.hub.state.refuse = true;
    t.hub.last().drop();
    // Refused attempts back off (ceilings 1, 2, 4, 4 s); none reaches the page.
    await vi.advanceTimersByTimeAsync(11_000);
    expect(t.hub.sockets).toHaveLength(1);
    t.hub.state.refuse = false;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(t.hub.sockets).toHaveLength(2);
    expect(t.hub.last().closed).toBe(false);
    expect(t.statuses).toEqual([]);
    // Open again: nothing more is scheduled.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.hub.sockets).toHaveLength(2);
  });

  it('stays closed after the hub revokes the kiosk (4003)', async () => {
    const t = setup({}, 'http://127.0.0.1:9', { idleReconnect: { baseMs: 10, capMs: 10 } });
    t.client.start();
    await vi.advanceTimersByTimeAsync(0);
    t.hub.last().drop(4003);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.hub.sockets).toHaveLength(1);
  });

  it('closes the socket when the host closes', async () => {
    const t = setup();
    t.client.start();
    await vi.advanceTimersByTimeAsync(0);
    t.client.close();
    expect(t.hub.last().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.hub.sockets).toHaveLength(1);
  });
});
