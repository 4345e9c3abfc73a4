// The branch queue over HTTP (inject) on one PGlite: a teller's day at a counter, who may do
// what, refused input, and a kiosk syncing a ticket then reading its estimated wait, signed.
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillPath, startStaffRouteHub, type StaffRouteHub } from '../../testing/staff-route-hub.js';
import type { TestStores } from '../../testing/test-hub.js';
import {
  BRANCH_QUEUE_PATHS,
  branchQueueErrorSchema,
  counterActionResponseSchema,
  counterSchema,
  kioskWaitsResponseSchema,
  snapshotSchema,
  ticketResponseSchema,
  waitsResponseSchema,
} from '../../../protocol/branch-queue.js';
import { ASSIST_PATHS, ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX, type StaffRole } from '../../../protocol/assist-values.js';
import { HUB_API_PATHS } from '../../../protocol/hub-api.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { FakeClock } from '../../assist/testing/fake-clock.js';
import { createBranchQueueStore } from '../../branch-queue/branch-queue-store.js';
import { enrollTestKiosk, signedInject } from '../../testing/kiosk-auth.js';
import { uniqueKioskId } from '../../testing/transaction-items.js';

let hub: StaffRouteHub;
let stores: TestStores;
let app: FastifyInstance;
const clock = new FakeClock(Date.UTC(2026, 11, 3, 9, 0, 0));
const uuid = () => globalThis.crypto.randomUUID();

beforeAll(async () => {
  hub = await startStaffRouteHub(clock, async (db) => ({ branchQueue: await createBranchQueueStore(db, clock) }));
  ({ stores, app } = hub);
}, 60_000);
afterAll(async () => hub?.close());

function signIn(role: StaffRole): Promise<string> {
  return hub.signIn(role);
}

const path = fillPath;

function call(method: 'GET' | 'POST' | 'PATCH', url: string, token: string | null, payload?: unknown) {
  return app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

const act = (counterId: string, action: string, token: string, payload?: unknown) => call('POST', path(BRANCH_QUEUE_PATHS.counterAction, { counterId, action }), token, payload);

let counters = 0;
async function newCounter(admin: string, branchId: string, services: string[], name = `C-${(counters += 1)}-${uuid().slice(0, 4)}`): Promise<string> {
  const res = await call('POST', path(BRANCH_QUEUE_PATHS.counters, { branchId }), admin, { name, services });
  expect(res.statusCode).toBe(201);
  return counterSchema.parse(res.json().counter).counterId;
}

async function newTicket(token: string, branchId: string, number: string, serviceClass: 'regular' | 'vip' | 'priority-assist', serviceId = 'deposits') {
  const res = await call('POST', BRANCH_QUEUE_PATHS.tickets, token, { ticketId: uuid(), branchId, serviceId, number, serviceClass, issuedAt: new Date(clock.now()).toISOString() });
  expect(res.statusCode).toBe(201);
  return ticketResponseSchema.parse(res.json()).ticket;
}

describe('a teller at a counter', () => {
  it('opens, calls the VIP before the earlier regular ticket, recalls, serves, finishes, calls the next; the wall snapshot follows', async () => {
    const admin = await signIn('admin');
    const teller = await signIn('teller');
    const branchId = `B-${uuid().slice(0, 6)}`;
    const counterId = await newCounter(admin, branchId, ['deposits'], 'Counter 1');
    await newTicket(teller, branchId, 'A001', 'regular');
    clock.advanceSec(60);
    await newTicket(teller, branchId, 'V001', 'vip');

    expect(branchQueueErrorSchema.parse((await act(counterId, 'call-next', teller)).json())).toMatchObject({ code: 'CONFLICT', reason: 'COUNTER_CLOSED' });
    expect((await act(counterId, 'open', teller)).statusCode).toBe(200);

    const first = counterActionResponseSchema.parse((await act(counterId, 'call-next', teller)).json());
    expect(first.ticket).toMatchObject({ number: 'V001', state: 'called', counterName: 'Counter 1' });
    expect(counterActionResponseSchema.parse((await act(counterId, 'recall', teller, {})).json()).ticket?.recalls).toBe(1);
    expect((await act(counterId, 'serve', teller)).json().ticket.state).toBe('serving');
    clock.advanceSec(180);
    expect((await act(counterId, 'finish', teller)).json().ticket.state).toBe('done');
    const second = counterActionResponseSchema.parse((await act(counterId, 'call-next', teller)).json());
    expect(second.ticket?.number).toBe('A001');

    const snapshot = snapshotSchema.parse((await call('GET', path(BRANCH_QUEUE_PATHS.snapshot, { branchId }), teller)).json());
    expect(snapshot.atCounters.map((t) => [t.number, t.counterName])).toEqual([['A001', 'Counter 1']]);
    expect(snapshot.lastCalls.map((c) => [c.kind, c.number])).toEqual([['called', 'A001'], ['recalled', 'V001'], ['called', 'V001']]);
    const waits = waitsResponseSchema.parse((await call('GET', path(BRANCH_QUEUE_PATHS.waits, { branchId }), teller)).json());
    expect(waits.waits).toEqual([{ serviceId: 'deposits', waiting: 0, openCounters: 1, serviceSec: 180, estimatedWaitSec: 90 }]);
  });

  it('transfers the current ticket to another service, which keeps its place there', async () => {
    const admin = await signIn('admin');
    const teller = await signIn('teller');
    const branchId = `B-${uuid().slice(0, 6)}`;
    const counterId = await newCounter(admin, branchId, ['deposits']);
    await act(counterId, 'open', teller);
    const moved = await newTicket(teller, branchId, 'A001', 'regular');
    await act(counterId, 'call-next', teller);
    expect((await act(counterId, 'transfer', teller)).statusCode).toBe(400);
    const res = await act(counterId, 'transfer', teller, { serviceId: 'loans' });
    expect(res.statusCode).toBe(200);
    expect(res.json().ticket).toMatchObject({ ticketId: moved.ticketId, serviceId: 'loans', state: 'waiting', issuedAt: moved.issuedAt, transferredFrom: ['deposits'] });
    const got = ticketResponseSchema.parse((await call('GET', path(BRANCH_QUEUE_PATHS.ticket, { ticketId: moved.ticketId }), teller)).json());
    expect(got.wait).toEqual({ ticketId: moved.ticketId, ahead: 0, estimatedWaitSec: null });
  });
});

describe('live updates by long poll', () => {
  it('answers a snapshot?after=<seq> as soon as a counter acts, and at the timeout when nothing happens', async () => {
    const admin = await signIn('admin');
    const teller = await signIn('teller');
    const branchId = `B-${uuid().slice(0, 6)}`;
    const counterId = await newCounter(admin, branchId, ['deposits']);
    await act(counterId, 'open', teller);
    await newTicket(teller, branchId, 'A001', 'regular');
    const url = path(BRANCH_QUEUE_PATHS.snapshot, { branchId });
    const before = snapshotSchema.parse((await call('GET', url, teller)).json());
    expect(before.seq).toBeGreaterThan(0);

    const started = Date.now();
    const quiet = await call('GET', `${url}?after=${before.seq}&waitMs=300`, teller);
    expect(snapshotSchema.parse(quiet.json()).seq).toBe(before.seq);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    const waiting = call('GET', `${url}?after=${before.seq}&waitMs=10000`, teller);
    await new Promise((r) => setTimeout(r, 100));
    const calledAt = Date.now();
    await act(counterId, 'call-next', teller);
    const changed = snapshotSchema.parse((await waiting).json());
    expect(Date.now() - calledAt).toBeLessThan(900);
    expect(changed.seq).toBeGreaterThan(before.seq);
    expect(changed.lastCalls[0]).toMatchObject({ kind: 'called', number: 'A001' });
    expect((await call('GET', `${url}?after=-1`, teller)).statusCode).toBe(400);
    expect((await call('GET', `${url}?waitMs=999999`, teller)).statusCode).toBe(400);
  });
});

describe('who may do what', () => {
  it('lets any staff read, tellers work counters, only supervisors and admins set counters up', async () => {
    const expert = await signIn('expert');
    const teller = await signIn('teller');
    const supervisor = await signIn('supervisor');
    const branchId = `B-${uuid().slice(0, 6)}`;
    expect((await call('GET', path(BRANCH_QUEUE_PATHS.snapshot, { branchId }), null)).statusCode).toBe(401);
    expect((await call('GET', path(BRANCH_QUEUE_PATHS.snapshot, { branchId }), expert)).statusCode).toBe(200);
    expect((await call('POST', path(BRANCH_QUEUE_PATHS.counters, { branchId }), teller, { name: 'X', services: ['s'] })).statusCode).toBe(403);
    const counterId = await newCounter(supervisor, branchId, ['s'], 'Counter 9');
    expect((await call('POST', path(BRANCH_QUEUE_PATHS.counters, { branchId }), supervisor, { name: 'Counter 9', services: ['s'] })).statusCode).toBe(409);
    expect((await act(counterId, 'open', expert)).statusCode).toBe(403);
    expect((await act(counterId, 'open', teller)).statusCode).toBe(200);
    const other = await signIn('teller');
    const taken = await act(counterId, 'open', other);
    expect(taken.statusCode).toBe(409);
    expect(branchQueueErrorSchema.parse(taken.json()).reason).toBe('COUNTER_TAKEN');
    const patched = await call('PATCH', path(BRANCH_QUEUE_PATHS.counter, { counterId }), supervisor, { services: ['s', 'loans'] });
    expect(patched.json().counter.services).toEqual(['s', 'loans']);
    const listed = await call('GET', path(BRANCH_QUEUE_PATHS.counters, { branchId }), teller);
    expect(listed.json().counters).toEqual([expect.objectContaining({ counterId, open: true, services: ['s', 'loans'] })]);
    // Tellers take no video calls: the assistance routes stay closed to them.
    expect((await call('GET', path(ASSIST_PATHS.quality, { sessionId: uuid() }), teller)).statusCode).toBe(403);
  });

  it('keeps tellers off the call socket (the roster would offer them calls), and lets experts on', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const open = (token: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${address.replace(/^http/, 'ws')}${ASSIST_PATHS.socket}`, [ASSIST_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`]);
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
      });
    expect(await open(await signIn('teller'))).toBe(403);
    expect(await open(await signIn('expert'))).toBe(101);
  });

  it('refuses bad input with 400 and says where', async () => {
    const teller = await signIn('teller');
    expect((await act('not-a-uuid', 'open', teller)).statusCode).toBe(400);
    const unknownAction = await act(uuid(), 'dance', teller);
    expect(unknownAction.statusCode).toBe(400);
    expect(unknownAction.json().message).toMatch(/action/);
    expect((await act(uuid(), 'call-next', teller, { extra: 1 })).statusCode).toBe(400);
    expect((await act(uuid(), 'open', teller)).statusCode).toBe(404);
    const bad = await call('POST', BRANCH_QUEUE_PATHS.tickets, teller, { ticketId: uuid(), branchId: 'B', serviceId: 'has space', number: 'A1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/serviceId/);
    expect((await call('POST', BRANCH_QUEUE_PATHS.tickets, teller, { ticketId: uuid(), branchId: 'B', serviceId: 's', number: 'A1', serviceClass: 'royal' })).statusCode).toBe(400);
  });

  it('lets a teller flag a waiting ticket as priority-assist, and refuses it once called', async () => {
    const admin = await signIn('admin');
    const teller = await signIn('teller');
    const branchId = `B-${uuid().slice(0, 6)}`;
    const counterId = await newCounter(admin, branchId, ['deposits']);
    await act(counterId, 'open', teller);
    await newTicket(teller, branchId, 'A001', 'regular');
    const elder = await newTicket(teller, branchId, 'A002', 'regular');
    const url = path(BRANCH_QUEUE_PATHS.ticketClass, { ticketId: elder.ticketId });
    expect((await call('POST', url, teller, { serviceClass: 'royal' })).statusCode).toBe(400);
    const flagged = await call('POST', url, teller, { serviceClass: 'priority-assist' });
    expect(ticketResponseSchema.parse(flagged.json()).ticket.serviceClass).toBe('priority-assist');
    expect(counterActionResponseSchema.parse((await act(counterId, 'call-next', teller)).json()).ticket?.number).toBe('A002');
    const late = await call('POST', url, teller, { serviceClass: 'vip' });
    expect(late.statusCode).toBe(409);
    expect(branchQueueErrorSchema.parse(late.json()).reason).toBe('WRONG_STATE');
    expect((await call('POST', path(BRANCH_QUEUE_PATHS.ticketClass, { ticketId: uuid() }), teller, { serviceClass: 'vip' })).statusCode).toBe(404);
  });

  it('answers a replayed staff ticket with 200 and the same ticket, another branch with 409', async () => {
    const teller = await signIn('teller');
    const body = { ticketId: uuid(), branchId: 'B-replay', serviceId: 's', number: 'A1', serviceClass: 'vip' };
    expect((await call('POST', BRANCH_QUEUE_PATHS.tickets, teller, body)).statusCode).toBe(201);
    const again = await call('POST', BRANCH_QUEUE_PATHS.tickets, teller, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().ticket.serviceClass).toBe('vip');
    expect((await call('POST', BRANCH_QUEUE_PATHS.tickets, teller, { ...body, branchId: 'B-other' })).statusCode).toBe(409);
  });
});

describe('a kiosk', () => {
  let credentials: KioskCredentials;
  const branchId = `B-kiosk-${uuid().slice(0, 6)}`;
  beforeAll(async () => {
    credentials = await enrollTestKiosk(stores.authStore, uniqueKioskId(), branchId);
    const registered = await signedInject(app, credentials, { method: 'POST', url: HUB_API_PATHS.registerKiosk, payload: { kioskId: credentials.kioskId, branchId } });
    expect(registered.statusCode).toBe(201);
  });

  it('syncs a ticket, which joins its branch queue, and reads its estimated wait, signed', async () => {
    const kioskId = credentials.kioskId;
    const admin = await signIn('admin');
    const teller = await signIn('teller');
    const counterId = await newCounter(admin, branchId, ['deposits']);
    await act(counterId, 'open', teller);
    await act(counterId, 'call-next', teller);
    const kioskTicketId = uuidv7();
    const item = {
      id: uuidv7(), seq: 1, type: 'queue.ticket.issued', schemaVersion: 1, createdAt: new Date().toISOString(),
      payload: { ticketId: kioskTicketId, number: 'A9001', serviceId: 'deposits', businessDate: '2026-12-03', issuedAt: new Date().toISOString(), kioskId, branchId, locale: 'zh-CN' },
    };
    const synced = await signedInject(app, credentials, { method: 'POST', url: HUB_API_PATHS.transactions, payload: { kioskId, items: [item] } });
    expect(synced.json().results[0].status).toBe('stored');

    const url = `${path(BRANCH_QUEUE_PATHS.kioskWaits, { kioskId })}?ticketId=${kioskTicketId}`;
    const res = await signedInject(app, credentials, { method: 'GET', url });
    expect(res.statusCode).toBe(200);
    const body = kioskWaitsResponseSchema.parse(res.json());
    expect(body.branchId).toBe(branchId);
    expect(body.waits).toEqual([expect.objectContaining({ serviceId: 'deposits', waiting: 1, openCounters: 1 })]);
    expect(body.ticket).toEqual({ ticketId: kioskTicketId, ahead: 0, estimatedWaitSec: 0 });
    const called = counterActionResponseSchema.parse((await act(counterId, 'call-next', teller)).json());
    expect(called.ticket).toMatchObject({ ticketId: item.id, number: 'A9001', serviceClass: 'regular' });
  });

  it('reads its branch snapshot signed (the wall display’s way in)', async () => {
    const kioskId = credentials.kioskId;
    const res = await signedInject(app, credentials, { method: 'GET', url: path(BRANCH_QUEUE_PATHS.kioskSnapshot, { kioskId }) });
    expect(res.statusCode).toBe(200);
    const snapshot = snapshotSchema.parse(res.json());
    expect(snapshot.branchId).toBe(branchId);
    expect(snapshot.lastCalls[0]).toMatchObject({ kind: 'called', number: 'A9001' });
    expect((await app.inject({ method: 'GET', url: path(BRANCH_QUEUE_PATHS.kioskSnapshot, { kioskId }) })).statusCode).toBe(401);
  });

  it('is refused unsigned, for another kiosk, and with a bad query', async () => {
    const kioskId = credentials.kioskId;
    expect((await app.inject({ method: 'GET', url: path(BRANCH_QUEUE_PATHS.kioskWaits, { kioskId }) })).statusCode).toBe(401);
    expect((await signedInject(app, credentials, { method: 'GET', url: path(BRANCH_QUEUE_PATHS.kioskWaits, { kioskId: 'someone-else' }) })).statusCode).toBe(401);
    expect((await signedInject(app, credentials, { method: 'GET', url: `${path(BRANCH_QUEUE_PATHS.kioskWaits, { kioskId })}?ticketId=nope` })).statusCode).toBe(400);
  });
});
