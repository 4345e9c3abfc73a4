// The greeter's staff flag by ticket number (inject, one PGlite): a waiting ticket becomes VIP and
// is called first; an unknown number, a ticket already called, or no staff session are refused.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillPath, startStaffRouteHub, type StaffRouteHub } from '../../testing/staff-route-hub.js';
import { BRANCH_QUEUE_PATHS, counterActionResponseSchema, counterSchema, ticketResponseSchema } from '../../../protocol/branch-queue.js';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { FakeClock } from '../../assist/testing/fake-clock.js';
import { createBranchQueueStore } from '../../branch-queue/branch-queue-store.js';

let hub: StaffRouteHub;
let app: FastifyInstance;
const clock = new FakeClock(Date.UTC(2026, 11, 4, 2, 0, 0));
const uuid = () => globalThis.crypto.randomUUID();

beforeAll(async () => {
  hub = await startStaffRouteHub(clock, async (db) => ({ branchQueue: await createBranchQueueStore(db, clock) }));
  ({ app } = hub);
}, 60_000);
afterAll(async () => hub?.close());

const signIn = (role: StaffRole): Promise<string> => hub.signIn(role);
const path = fillPath;
const call = (url: string, token: string | null, payload?: unknown) =>
  app.inject({ method: 'POST', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('staff flag by ticket number', () => {
  it('makes a waiting ticket VIP, called before the earlier regular one; refuses what it cannot flag', async () => {
    const admin = await signIn('admin');
    const teller = await signIn('teller');
    const branchId = `BR-${uuid().slice(0, 6)}`;
    for (const number of ['A101', 'A102']) {
      clock.advanceSec(60);
      expect((await call(BRANCH_QUEUE_PATHS.tickets, teller, { ticketId: uuid(), branchId, serviceId: 'deposits', number, serviceClass: 'regular', issuedAt: new Date(clock.now()).toISOString() })).statusCode).toBe(201);
    }
    const flagUrl = (number: string) => path(BRANCH_QUEUE_PATHS.waitingClass, { branchId, number });
    expect((await call(flagUrl('A102'), null, { serviceClass: 'vip' })).statusCode).toBe(401);
    expect((await call(flagUrl('A102'), teller, { serviceClass: 'gold' })).statusCode).toBe(400);
    expect((await call(flagUrl('A999'), teller, { serviceClass: 'vip' })).statusCode).toBe(404);
    const flagged = await call(flagUrl('A102'), teller, { serviceClass: 'vip' });
    expect(flagged.statusCode).toBe(200);
    expect(ticketResponseSchema.parse(flagged.json()).ticket).toMatchObject({ number: 'A102', serviceClass: 'vip', state: 'waiting' });

    const created = await call(path(BRANCH_QUEUE_PATHS.counters, { branchId }), admin, { name: 'C1', services: ['deposits'] });
    const counterId = counterSchema.parse(created.json().counter).counterId;
    expect((await call(path(BRANCH_QUEUE_PATHS.counterAction, { counterId, action: 'open' }), teller)).statusCode).toBe(200);
    const called = counterActionResponseSchema.parse((await call(path(BRANCH_QUEUE_PATHS.counterAction, { counterId, action: 'call-next' }), teller)).json());
    expect(called.ticket?.number).toBe('A102');
    // Called now: no longer waiting, so no longer found by its number.
    expect((await call(flagUrl('A102'), teller, { serviceClass: 'regular' })).statusCode).toBe(404);
  });
});
