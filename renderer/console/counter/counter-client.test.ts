import { describe, expect, it } from 'vitest';
import { StaffClient, type Fetch } from '../api/staff-client.js';
import { ConsoleController } from '../controller/console-controller.js';
import { ConsoleStore } from '../state/console-store.js';
import { asWebSocket, FakeSocket } from '../testing/fake-socket.js';
import { CounterApiError, CounterClient } from './counter-client.js';

const COUNTER = '018f0000-0000-7000-8000-0000000000c1';
const TELLER = { staffId: '018f0000-0000-7000-8000-000000000001', username: 'li', displayName: 'Li', role: 'teller', languages: [], topics: [] };

describe('a teller signing in to the console', () => {
  it('goes straight to the counter view and opens no call socket', async () => {
    FakeSocket.instances = [];
    const fetchImpl: Fetch = async () => Response.json({ token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), staff: TELLER });
    const store = new ConsoleStore('en', () => undefined);
    const controller = new ConsoleController({ store, client: new StaffClient(fetchImpl), socketUrl: 'ws://hub.test/v1/assist/ws', getUserMedia: () => new Promise(() => undefined), iceTransportPolicy: 'all', WebSocketImpl: asWebSocket(FakeSocket) });
    await controller.signIn('li', 'correct horse battery', '123456');
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', tab: 'counter', session: { token: 'tok' } });
    expect(FakeSocket.instances).toHaveLength(0);
    controller.signOut();
  });
});

describe('the counter client', () => {
  const answering = (status: number, body: unknown): Fetch => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('turns a refusal into its stable reason, 401 into an ended session, a dead hub into network', async () => {
    const busy = new CounterClient('tok', answering(409, { code: 'CONFLICT', message: 'finish first', reason: 'COUNTER_BUSY' }));
    await expect(busy.act(COUNTER, 'call-next')).rejects.toMatchObject({ code: 'COUNTER_BUSY' });
    await expect(new CounterClient('tok', answering(401, { code: 'UNAUTHORIZED', message: 'x' })).counters('B1')).rejects.toMatchObject({ code: 'session-expired' });
    await expect(new CounterClient('tok', answering(404, { code: 'NOT_FOUND', message: 'x' })).act(COUNTER, 'open')).rejects.toMatchObject({ code: 'not-found' });
    const dead = new CounterClient('tok', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(dead.snapshot('B1')).rejects.toBeInstanceOf(CounterApiError);
    await expect(dead.snapshot('B1')).rejects.toMatchObject({ code: 'network' });
  });

  it('sends the bearer token, the transfer target, and the long-poll version', async () => {
    const seen: { path: string; init: RequestInit | undefined }[] = [];
    const fetchImpl: Fetch = async (path, init) => {
      seen.push({ path, init });
      if (path.includes('snapshot')) return Response.json({ branchId: 'B 1', at: new Date().toISOString(), seq: 7, atCounters: [], lastCalls: [], waits: [] });
      return Response.json({ counter: { counterId: COUNTER, branchId: 'B 1', name: 'C1', services: ['s'], open: true, tellerId: 'x', currentTicketId: null }, ticket: null });
    };
    const client = new CounterClient('tok', fetchImpl);
    await client.act(COUNTER, 'transfer', 'loans');
    expect(seen[0]!.path).toBe(`/v1/branch-queue/counters/${COUNTER}/transfer`);
    expect(seen[0]!.init?.body).toBe(JSON.stringify({ serviceId: 'loans' }));
    expect(new Headers(seen[0]!.init?.headers).get('authorization')).toBe('Bearer tok');
    expect((await client.snapshot('B 1', 6)).seq).toBe(7);
    expect(seen[1]!.path).toBe('/v1/branch-queue/branches/B%201/snapshot?after=6');
  });

  it('flags a waiting ticket by its number, and says so when none waits with that number', async () => {
    const seen: { path: string; body: unknown }[] = [];
    const ticket = { ticketId: 't1', branchId: 'B1', serviceId: 's', number: 'A1 2', serviceClass: 'vip', state: 'waiting', issuedAt: new Date().toISOString(), counterId: null, counterName: null, tellerId: null, calledAt: null, recalls: 0, servingAt: null, finishedAt: null, transferredFrom: [] };
    const client = new CounterClient('tok', async (path, init) => {
      seen.push({ path, body: init?.body });
      return Response.json({ ticket, wait: null });
    });
    expect((await client.flag('B1', 'A1 2', 'vip')).ticket.serviceClass).toBe('vip');
    expect(seen).toEqual([{ path: '/v1/branch-queue/branches/B1/waiting/A1%202/class', body: JSON.stringify({ serviceClass: 'vip' }) }]);
    await expect(new CounterClient('tok', answering(404, { code: 'NOT_FOUND', message: 'x' })).flag('B1', 'A9', 'vip')).rejects.toMatchObject({ code: 'not-found' });
  });
});
