// The branch ticket queue over HTTP (schemas: protocol/branch-queue.ts). Staff sign in as for
// the console (hub/assist/staff): tellers, supervisors and admins work counters; supervisors
// and admins set counters up; any signed-in staff member reads the queue. A kiosk reads the
// estimates of its own branch, signed like its sync. The snapshot long-polls (`?after=<seq>`):
// the wall display and the teller view get changes without a socket of their own.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  addTicketRequestSchema,
  BRANCH_QUEUE_PATHS,
  counterActionSchema,
  counterIdSchema,
  createCounterRequestSchema,
  kioskWaitsQuerySchema,
  setClassRequestSchema,
  SNAPSHOT_DEFAULT_WAIT_MS,
  snapshotQuerySchema,
  ticketNumberSchema,
  transferRequestSchema,
  updateCounterRequestSchema,
  type BranchQueueError,
  type CounterActionResponse,
  type KioskWaitsResponse,
  type Snapshot,
  type TicketResponse,
  type WaitsResponse,
} from '../../../protocol/branch-queue.js';
import { branchIdSchema, kioskIdSchema } from '../../../protocol/hub-api.js';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { parseInput } from '../../api/parse-input.js';
import { ANY_STAFF, requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { ActionOutcome, BranchQueueStore } from '../../branch-queue/branch-queue-store.js';
import { sendError } from '../error-replies.js';

const COUNTER_STAFF: readonly StaffRole[] = ['teller', 'supervisor', 'admin'];
const OVERSEERS: readonly StaffRole[] = ['supervisor', 'admin'];
/** How often a long poll looks for changes another hub instance made. */
const SNAPSHOT_POLL_MS = 1000;

const branchParams = z.object({ branchId: branchIdSchema }).strict();
const counterParams = z.object({ counterId: counterIdSchema }).strict();
const actionParams = z.object({ counterId: counterIdSchema, action: counterActionSchema }).strict();
const ticketParams = z.object({ ticketId: z.uuid() }).strict();
const waitingParams = z.object({ branchId: branchIdSchema, number: ticketNumberSchema }).strict();
const kioskParams = z.object({ kioskId: kioskIdSchema }).strict();
/** Actions other than transfer take no input; an empty object is accepted for clients that always send one. */
const noBody = z.union([z.undefined(), z.null(), z.object({}).strict()]);

function refuse(reply: FastifyReply, outcome: Extract<ActionOutcome, { ok: false }>): FastifyReply {
  const body: BranchQueueError = { code: outcome.code, message: outcome.message, ...(outcome.reason ? { reason: outcome.reason } : {}) };
  return reply.code(outcome.status).send(body);
}

export interface BranchQueueRouteOptions {
  store: BranchQueueStore;
  staffAuth: StaffSessionVerifier;
  guards: RouteGuards;
}

export function registerBranchQueueRoutes(app: FastifyInstance, { store, staffAuth, guards }: BranchQueueRouteOptions): void {
  const anyStaff = { preHandler: requireStaff(staffAuth, ANY_STAFF) };
  const counterStaff = { preHandler: requireStaff(staffAuth, COUNTER_STAFF) };
  const overseers = { preHandler: requireStaff(staffAuth, OVERSEERS) };

  app.post(BRANCH_QUEUE_PATHS.tickets, counterStaff, async (request, reply) => {
    const body = parseInput(addTicketRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const { ticketId, branchId, serviceId, number, serviceClass, issuedAt } = body.data;
    const isNew = await store.enterTicket({ ticketId, kioskTicketId: ticketId, kioskId: null, branchId, serviceId, number, serviceClass, ...(issuedAt ? { issuedAtMs: Date.parse(issuedAt) } : {}) });
    const entered = await store.ticket(ticketId);
    // A ticket id is one ticket: the same id for another branch is a conflict, not a replay.
    if (!entered || entered.ticket.branchId !== branchId) return sendError(reply, 409, 'CONFLICT', 'this ticket id is already used by another ticket');
    request.log.info({ ticketId, branchId, serviceId, serviceClass, staffId: staffOf(request).staff.staffId, isNew }, 'branch queue: ticket entered by staff');
    return reply.code(isNew ? 201 : 200).send(entered satisfies TicketResponse);
  });

  app.post(BRANCH_QUEUE_PATHS.ticketClass, counterStaff, async (request, reply) => {
    const params = parseInput(ticketParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(setClassRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const result = await store.setTicketClass(params.data.ticketId, body.data.serviceClass);
    if (result === 'not-found') return sendError(reply, 404, 'NOT_FOUND', 'no such ticket');
    if (result === 'not-waiting') return refuse(reply, { ok: false, status: 409, code: 'CONFLICT', reason: 'WRONG_STATE', message: 'only a waiting ticket changes class' });
    request.log.info({ ticketId: params.data.ticketId, serviceClass: body.data.serviceClass, staffId: staffOf(request).staff.staffId }, 'branch queue: ticket class set by staff');
    return reply.code(200).send((await store.ticket(params.data.ticketId)) satisfies TicketResponse | null);
  });

  // The greeter's flag by the number on the customer's ticket: the teller's view has numbers, not ids.
  app.post(BRANCH_QUEUE_PATHS.waitingClass, counterStaff, async (request, reply) => {
    const params = parseInput(waitingParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(setClassRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const ticketId = await store.waitingTicketId(params.data.branchId, params.data.number);
    if (ticketId === null) return sendError(reply, 404, 'NOT_FOUND', 'no waiting ticket has this number at this branch');
    const result = await store.setTicketClass(ticketId, body.data.serviceClass);
    if (result !== 'ok') return refuse(reply, { ok: false, status: 409, code: 'CONFLICT', reason: 'WRONG_STATE', message: 'only a waiting ticket changes class' });
    request.log.info({ ticketId, number: params.data.number, serviceClass: body.data.serviceClass, staffId: staffOf(request).staff.staffId }, 'branch queue: ticket class set by staff');
    return reply.code(200).send((await store.ticket(ticketId)) satisfies TicketResponse | null);
  });

  app.get(BRANCH_QUEUE_PATHS.ticket, anyStaff, async (request, reply) => {
    const params = parseInput(ticketParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const found = await store.ticket(params.data.ticketId);
    if (!found) return sendError(reply, 404, 'NOT_FOUND', 'no such ticket');
    return reply.code(200).send(found satisfies TicketResponse);
  });

  async function sendSnapshot(reply: FastifyReply, branchId: string, rawQuery: unknown): Promise<FastifyReply> {
    const query = parseInput(snapshotQuerySchema, rawQuery, '(query)');
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const { after, waitMs = SNAPSHOT_DEFAULT_WAIT_MS } = query.data;
    if (after !== undefined) await store.changes.waitFor(branchId, async () => (await store.latestSeq(branchId)) > after, { timeoutMs: waitMs, pollMs: SNAPSHOT_POLL_MS });
    reply.header('cache-control', 'no-store');
    return reply.code(200).send((await store.snapshot(branchId)) satisfies Snapshot);
  }

  app.get(BRANCH_QUEUE_PATHS.snapshot, anyStaff, async (request, reply) => {
    const params = parseInput(branchParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return sendSnapshot(reply, params.data.branchId, request.query);
  });

  // The wall display's way in without a staff session: enrolled and signed like a kiosk.
  app.get(BRANCH_QUEUE_PATHS.kioskSnapshot, { ...guards.kiosk }, async (request, reply) => {
    const params = parseInput(kioskParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const branchId = await store.kioskBranch(params.data.kioskId);
    if (branchId === null) return sendError(reply, 404, 'UNKNOWN_KIOSK', `kiosk ${params.data.kioskId} is not registered`);
    return sendSnapshot(reply, branchId, request.query);
  });

  app.get(BRANCH_QUEUE_PATHS.waits, anyStaff, async (request, reply) => {
    const params = parseInput(branchParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return reply.code(200).send({ branchId: params.data.branchId, waits: await store.waits(params.data.branchId) } satisfies WaitsResponse);
  });

  app.get(BRANCH_QUEUE_PATHS.counters, anyStaff, async (request, reply) => {
    const params = parseInput(branchParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return reply.code(200).send({ counters: await store.counters(params.data.branchId) });
  });

  app.post(BRANCH_QUEUE_PATHS.counters, overseers, async (request, reply) => {
    const params = parseInput(branchParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(createCounterRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const created = await store.createCounter(params.data.branchId, body.data);
    if (!created.ok) return sendError(reply, 409, 'CONFLICT', `this branch already has a counter named ${JSON.stringify(body.data.name)}`);
    return reply.code(201).send({ counter: created.counter });
  });

  app.patch(BRANCH_QUEUE_PATHS.counter, overseers, async (request, reply) => {
    const params = parseInput(counterParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(updateCounterRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const updated = await store.updateCounter(params.data.counterId, body.data);
    if (!updated.ok) return updated.problem === 'NOT_FOUND' ? sendError(reply, 404, 'NOT_FOUND', 'no such counter') : sendError(reply, 409, 'CONFLICT', 'another counter of this branch has that name');
    return reply.code(200).send({ counter: updated.counter });
  });

  app.post(BRANCH_QUEUE_PATHS.counterAction, counterStaff, async (request, reply) => {
    const params = parseInput(actionParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const { counterId, action } = params.data;
    let transferTo: string | undefined;
    if (action === 'transfer') {
      const body = parseInput(transferRequestSchema, request.body);
      if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
      transferTo = body.data.serviceId;
    } else {
      const body = parseInput(noBody, request.body);
      if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', `${action} takes no input`);
    }
    const { staff } = staffOf(request);
    const outcome = await store.act(counterId, action, { staffId: staff.staffId, role: staff.role }, transferTo);
    if (!outcome.ok) return refuse(reply, outcome);
    // Ticket numbers and ids only: nothing here identifies the customer.
    request.log.info({ counterId, action, staffId: staff.staffId, ticketId: outcome.ticket?.ticketId, number: outcome.ticket?.number }, 'branch queue: counter action');
    return reply.code(200).send({ counter: outcome.counter, ticket: outcome.ticket } satisfies CounterActionResponse);
  });

  // Signed by the kiosk in the path (hub/auth/kiosk-guard.node.ts checks the signer is it).
  app.get(BRANCH_QUEUE_PATHS.kioskWaits, { ...guards.kiosk }, async (request, reply) => {
    const params = parseInput(kioskParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const query = parseInput(kioskWaitsQuerySchema, request.query, '(query)');
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const waits = await store.kioskWaits(params.data.kioskId, query.data.ticketId);
    if (!waits) return sendError(reply, 404, 'UNKNOWN_KIOSK', `kiosk ${params.data.kioskId} is not registered`);
    reply.header('cache-control', 'no-store');
    return reply.code(200).send(waits satisfies KioskWaitsResponse);
  });
}
