// Appointments over HTTP (schemas: protocol/appointments.ts). Staff sign in as for the console:
// supervisors and admins open slots, counter staff book and cancel for a customer, any staff
// member reads them. A kiosk, signed like its sync, sees and books its own branch's slots and
// checks in with a scanned code; the branch is always the kiosk's registered one, never one the
// request names, so a kiosk cannot act for another branch. Codes and phones are never logged.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  APPOINTMENT_PATHS,
  bookRequestSchema,
  branchParamsSchema,
  checkInRequestSchema,
  createSlotsRequestSchema,
  timeRangeQuerySchema,
  type AppointmentError,
  type AppointmentRefusal,
  type BookResponse,
  type CheckInResponse,
  type SlotsResponse,
} from '../../../protocol/appointments.js';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { kioskIdSchema } from '../../../protocol/hub-api.js';
import { parseInput } from '../../api/parse-input.js';
import { ANY_STAFF, requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { AppointmentStore, BookOutcome } from '../../appointments/appointment-store.js';
import type { BranchQueueStore } from '../../branch-queue/branch-queue-store.js';
import { sendError } from '../error-replies.js';

const COUNTER_STAFF: readonly StaffRole[] = ['teller', 'supervisor', 'admin'];
const OVERSEERS: readonly StaffRole[] = ['supervisor', 'admin'];

const kioskParams = z.object({ kioskId: kioskIdSchema }).strict();
const bookingParams = z.object({ bookingId: z.uuid() }).strict();

const REFUSAL_MESSAGES: Record<AppointmentRefusal, string> = {
  SLOT_FULL: 'this slot has no place left',
  SLOT_PAST: 'this slot has already started',
  UNKNOWN_CODE: 'no appointment has this code',
  ALREADY_USED: 'this appointment has already checked in',
  EXPIRED: 'this appointment is over (missed, cancelled or past its grace)',
  TOO_EARLY: 'too early to check in for this appointment',
  OTHER_BRANCH: 'this appointment is at another branch',
};

function refuse(reply: FastifyReply, reason: AppointmentRefusal): FastifyReply {
  const body: AppointmentError = { code: 'CONFLICT', message: REFUSAL_MESSAGES[reason], reason };
  return reply.code(409).send(body);
}

function sendBooked(reply: FastifyReply, outcome: BookOutcome): FastifyReply {
  if (!outcome.ok) return outcome.reason === 'NOT_FOUND' ? sendError(reply, 404, 'NOT_FOUND', 'no such slot at this branch') : refuse(reply, outcome.reason);
  reply.header('cache-control', 'no-store');
  return reply.code(201).send({ booking: outcome.booking, code: outcome.code } satisfies BookResponse);
}

export interface AppointmentRouteOptions {
  store: AppointmentStore;
  /** The kiosk's registered branch comes from the branch queue's view of the kiosks table. */
  branches: Pick<BranchQueueStore, 'kioskBranch'>;
  staffAuth: StaffSessionVerifier;
  guards: RouteGuards;
}

export function registerAppointmentRoutes(app: FastifyInstance, { store, branches, staffAuth, guards }: AppointmentRouteOptions): void {
  const anyStaff = { preHandler: requireStaff(staffAuth, ANY_STAFF) };
  const counterStaff = { preHandler: requireStaff(staffAuth, COUNTER_STAFF) };
  const overseers = { preHandler: requireStaff(staffAuth, OVERSEERS) };

  app.post(APPOINTMENT_PATHS.slots, overseers, async (request, reply) => {
    const params = parseInput(branchParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(createSlotsRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const { staffId } = staffOf(request).staff;
    const slots = await store.createSlots(params.data.branchId, body.data.slots.map((s) => ({ serviceId: s.serviceId, startsAtMs: Date.parse(s.startsAt), durationMin: s.durationMin, capacity: s.capacity })), `staff:${staffId}`);
    request.log.info({ branchId: params.data.branchId, asked: body.data.slots.length, created: slots.length, staffId }, 'appointments: slots opened');
    return reply.code(201).send({ created: slots.length, slots });
  });

  app.get(APPOINTMENT_PATHS.slots, anyStaff, async (request, reply) => {
    const params = parseInput(branchParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const query = parseInput(timeRangeQuerySchema, request.query, '(query)');
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const { from, to, serviceId } = query.data;
    const slots = await store.slots(params.data.branchId, { fromMs: Date.parse(from), toMs: Date.parse(to), ...(serviceId ? { serviceId } : {}) });
    return reply.code(200).send({ branchId: params.data.branchId, slots } satisfies SlotsResponse);
  });

  app.get(APPOINTMENT_PATHS.bookings, anyStaff, async (request, reply) => {
    const params = parseInput(branchParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const query = parseInput(timeRangeQuerySchema, request.query, '(query)');
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const bookings = await store.bookings(params.data.branchId, { fromMs: Date.parse(query.data.from), toMs: Date.parse(query.data.to) });
    return reply.code(200).send({ branchId: params.data.branchId, bookings });
  });

  app.post(APPOINTMENT_PATHS.bookings, counterStaff, async (request, reply) => {
    const params = parseInput(branchParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(bookRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const { staffId } = staffOf(request).staff;
    const outcome = await store.book(params.data.branchId, body.data.slotId, `staff:${staffId}`, body.data.contact?.phone);
    request.log.info({ branchId: params.data.branchId, slotId: body.data.slotId, staffId, booked: outcome.ok, reason: outcome.ok ? undefined : outcome.reason }, 'appointments: booked by staff');
    return sendBooked(reply, outcome);
  });

  app.post(APPOINTMENT_PATHS.cancel, counterStaff, async (request, reply) => {
    const params = parseInput(bookingParams, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const result = await store.cancel(params.data.bookingId);
    if (result === 'not-found') return sendError(reply, 404, 'NOT_FOUND', 'no such booking');
    if (result === 'not-open') return sendError(reply, 409, 'CONFLICT', 'only a booking not yet checked in, missed or cancelled can be cancelled');
    request.log.info({ bookingId: params.data.bookingId, staffId: staffOf(request).staff.staffId }, 'appointments: booking cancelled');
    return reply.code(200).send({ bookingId: params.data.bookingId, status: 'cancelled' });
  });

  /** The kiosk's branch; null when the refusal has been sent. */
  async function kioskBranch(reply: FastifyReply, rawParams: unknown): Promise<{ kioskId: string; branchId: string } | null> {
    const params = parseInput(kioskParams, rawParams, '(path)');
    if (!params.ok) {
      sendError(reply, 400, 'BAD_REQUEST', params.message);
      return null;
    }
    const branchId = await branches.kioskBranch(params.data.kioskId);
    if (branchId === null) {
      sendError(reply, 404, 'UNKNOWN_KIOSK', `kiosk ${params.data.kioskId} is not registered`);
      return null;
    }
    return { kioskId: params.data.kioskId, branchId };
  }

  app.get(APPOINTMENT_PATHS.kioskSlots, { ...guards.kiosk }, async (request, reply) => {
    const kiosk = await kioskBranch(reply, request.params);
    if (!kiosk) return reply;
    const query = parseInput(timeRangeQuerySchema, request.query, '(query)');
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const { from, to, serviceId } = query.data;
    const slots = await store.slots(kiosk.branchId, { fromMs: Date.parse(from), toMs: Date.parse(to), freeOnly: true, ...(serviceId ? { serviceId } : {}) });
    reply.header('cache-control', 'no-store');
    return reply.code(200).send({ branchId: kiosk.branchId, slots } satisfies SlotsResponse);
  });

  app.post(APPOINTMENT_PATHS.kioskBook, { ...guards.kiosk }, async (request, reply) => {
    const kiosk = await kioskBranch(reply, request.params);
    if (!kiosk) return reply;
    const body = parseInput(bookRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const outcome = await store.book(kiosk.branchId, body.data.slotId, `kiosk:${kiosk.kioskId}`, body.data.contact?.phone);
    request.log.info({ kioskId: kiosk.kioskId, slotId: body.data.slotId, booked: outcome.ok, reason: outcome.ok ? undefined : outcome.reason, withPhone: body.data.contact !== undefined }, 'appointments: booked at a kiosk');
    return sendBooked(reply, outcome);
  });

  app.post(APPOINTMENT_PATHS.kioskCheckIn, { ...guards.kiosk }, async (request, reply) => {
    const kiosk = await kioskBranch(reply, request.params);
    if (!kiosk) return reply;
    const body = parseInput(checkInRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const outcome = await store.checkIn(kiosk.branchId, body.data.code, kiosk.kioskId, body.data.ticketId);
    request.log.info({ kioskId: kiosk.kioskId, checkedIn: outcome.ok, reason: outcome.ok ? undefined : outcome.reason, bookingId: outcome.ok ? outcome.booking.bookingId : undefined }, 'appointments: check-in');
    if (!outcome.ok) return refuse(reply, outcome.reason);
    return reply.code(200).send({ booking: outcome.booking } satisfies CheckInResponse);
  });
}
