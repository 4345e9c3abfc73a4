import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StaffClient, type Fetch } from '../api/staff-client.js';
import { ConsoleStore } from '../state/console-store.js';
import { asWebSocket, FakeSocket } from '../testing/fake-socket.js';
import { ConsoleController } from './console-controller.js';

const STAFF = { staffId: '018f0000-0000-7000-8000-000000000001', username: 'wang', displayName: 'Wang', role: 'expert', languages: ['zh-CN'], topics: ['cards'] };
const REQUEST = {
  requestId: '018f0000-0000-7000-8000-000000000002',
  kioskId: 'K01',
  language: 'zh-CN',
  topic: 'cards',
  priorityClass: 'elderly',
  journeyStep: 'queue-ticket/choose-service',
  waitedSec: 12,
};
const SESSION = '018f0000-0000-7000-8000-000000000003';

let calls: { path: string; init: RequestInit | undefined }[];
let loginStatus: number;

const fakeFetch: Fetch = async (path, init) => {
  calls.push({ path, init });
  if (path === '/v1/staff/login') {
    if (loginStatus !== 200) return new Response(JSON.stringify({ code: 'X', message: 'no' }), { status: loginStatus });
    return Response.json({ token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), staff: STAFF });
  }
  return new Response(null, { status: 204 });
};

function setup() {
  const store = new ConsoleStore('en', () => undefined);
  const controller = new ConsoleController({
    store,
    client: new StaffClient(fakeFetch),
    socketUrl: 'ws://hub.test/v1/assist/ws',
    // Never answers: these tests stop short of media (the call tests cover it in Chromium).
    getUserMedia: () => new Promise(() => undefined),
    iceTransportPolicy: 'all',
    WebSocketImpl: asWebSocket(FakeSocket),
  });
  return { store, controller };
}

async function signedIn() {
  const ctx = setup();
  await ctx.controller.signIn('wang', 'correct horse battery', '123456');
  const ws = FakeSocket.last();
  ws.open();
  ws.receive({ type: 'hello', role: 'expert', staffId: STAFF.staffId, displayName: 'Wang', heartbeatSec: 15 });
  return { ...ctx, ws };
}

beforeEach(() => {
  calls = [];
  loginStatus = 200;
  FakeSocket.instances = [];
});

describe('console sign-in', () => {
  it('refuses a malformed code without spending a hub attempt', async () => {
    const { store, controller } = setup();
    await controller.signIn('wang', 'pw', '12345');
    expect(store.getSnapshot().loginError).toBe('code-format');
    expect(calls).toEqual([]);
  });

  it.each([
    [401, 'bad-credentials'],
    [429, 'rate-limited'],
    [500, 'unexpected'],
  ] as const)('turns HTTP %i into %s', async (status, code) => {
    loginStatus = status;
    const { store, controller } = setup();
    await controller.signIn('wang', 'pw', '123456');
    expect(store.getSnapshot()).toMatchObject({ phase: 'signed-out', loginError: code });
  });

  it('says the hub is unreachable when fetch fails', async () => {
    const { store } = setup();
    const controller = new ConsoleController({ ...setup().controller.deps, store, client: new StaffClient(() => Promise.reject(new TypeError('Failed to fetch'))) });
    await controller.signIn('wang', 'pw', '123456');
    expect(store.getSnapshot().loginError).toBe('network');
  });

  it('connects with the token, then shows the queue once the hub says hello', async () => {
    const { store, ws } = await signedIn();
    expect(ws.protocols).toContain('bearer.tok');
    ws.receive({ type: 'expert.state', state: 'available' });
    ws.receive({ type: 'queue.snapshot', requests: [REQUEST] });
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', expertState: 'available', queue: { entries: [REQUEST] } });
  });

  it('goes back to sign-in with a reason when the session expires, without a logout call', async () => {
    const { store, ws } = await signedIn();
    ws.drop(4002);
    expect(store.getSnapshot()).toMatchObject({ phase: 'signed-out', loginError: 'session-expired', session: null });
    expect(calls.map((c) => c.path)).toEqual(['/v1/staff/login']);
  });

  it('revokes the token on a deliberate sign-out', async () => {
    const { store, controller } = await signedIn();
    controller.signOut();
    expect(store.getSnapshot()).toMatchObject({ phase: 'signed-out', loginError: null });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.at(-1)).toMatchObject({ path: '/v1/staff/logout', init: { headers: { authorization: 'Bearer tok' } } });
  });

  it('signs out at the session’s absolute expiry even if the socket stays quiet', async () => {
    vi.useFakeTimers();
    try {
      const { store } = await signedIn();
      vi.advanceTimersByTime(3_600_000 + 10);
      expect(store.getSnapshot()).toMatchObject({ phase: 'signed-out', loginError: 'session-expired' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('console call flow without media', () => {
  it('accepts, wraps up after the customer hangs up, and returns to the queue once recorded', async () => {
    const { store, controller, ws } = await signedIn();
    ws.receive({ type: 'expert.state', state: 'available' });
    controller.accept(REQUEST.requestId);
    expect(ws.sent.at(-1)).toEqual({ type: 'accept', requestId: REQUEST.requestId });
    ws.receive({ type: 'call.started', sessionId: SESSION, request: REQUEST, iceServers: [], initiator: true, resumed: false });
    // The hub does not announce in-call (nor the state after the call); the console knows.
    expect(store.getSnapshot()).toMatchObject({ phase: 'in-call', expertState: 'in-call', call: { sessionId: SESSION, media: 'connecting' } });

    ws.receive({ type: 'call.end', sessionId: SESSION, reason: 'customer-ended' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getSnapshot()).toMatchObject({ phase: 'wrap-up', expertState: 'available', call: null, ended: { reason: 'customer-ended', saving: false } });

    controller.submitDisposition('resolved', 'explained the card fee');
    expect(ws.sent.at(-1)).toEqual({ type: 'disposition', sessionId: SESSION, outcome: 'resolved', notes: 'explained the card fee' });
    expect(store.getSnapshot().ended?.saving).toBe(true);
    ws.receive({ type: 'disposition.recorded', sessionId: SESSION });
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', ended: null });
  });

  it('takes the best request when none is named, and tells the hub about availability', async () => {
    const { store, controller, ws } = await signedIn();
    controller.setAvailable(true);
    controller.accept();
    expect(ws.sent.slice(-2)).toEqual([{ type: 'availability', available: true }, { type: 'accept' }]);
    expect(store.getSnapshot().wantsCalls).toBe(true);
  });

  it('shows a hub refusal and lets the expert dismiss it', async () => {
    const { store, controller, ws } = await signedIn();
    ws.receive({ type: 'error', code: 'UNKNOWN_REQUEST', message: 'this request is no longer waiting', about: 'accept' });
    expect(store.getSnapshot().notice).toEqual({ code: 'UNKNOWN_REQUEST', message: 'this request is no longer waiting' });
    controller.dismissNotice();
    expect(store.getSnapshot().notice).toBeNull();
  });

  it('keeps live SLA breaches for supervisors, newest first', async () => {
    const { store, ws } = await signedIn();
    const breach = (ruleId: string) => ({ requestId: REQUEST.requestId, kioskId: 'K01', ruleId, kind: 'answer', dueAt: '2026-11-23T09:00:30Z', breachedAt: '2026-11-23T09:00:30Z' });
    ws.receive({ type: 'sla.breach', breach: breach('answer-30s') });
    ws.receive({ type: 'sla.breach', breach: breach('urgent-answer-15s') });
    expect(store.getSnapshot().liveBreaches.map((b) => b.ruleId)).toEqual(['urgent-answer-15s', 'answer-30s']);
  });
});
