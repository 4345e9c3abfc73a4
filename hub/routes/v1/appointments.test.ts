// Appointments over HTTP (inject) on one PGlite: who may open slots and book, a kiosk booking and
// checking in signed (always at its own branch), refused input, and what the refusals say.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillPath, startStaffRouteHub, type StaffRouteHub } from '../../testing/staff-route-hub.js';
import type { TestStores } from '../../testing/test-hub.js';
import {
  APPOINTMENT_PATHS,
  appointmentErrorSchema,
  bookResponseSchema,
  bookingsResponseSchema,
  checkInResponseSchema,
  createSlotsResponseSchema,
  slotsResponseSchema,
} from '../../../protocol/appointments.js';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { HUB_API_PATHS } from '../../../protocol/hub-api.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { createAppointmentStore } from '../../appointments/appointment-store.js';
import { FakeClock } from '../../assist/testing/fake-clock.js';
import { createBranchQueueStore } from '../../branch-queue/branch-queue-store.js';
import { enrollTestKiosk, signedInject } from '../../testing/kiosk-auth.js';
import { uniqueKioskId } from '../../testing/transaction-items.js';

let hub: StaffRouteHub;
let stores: TestStores;
let app: FastifyInstance;
const clock = new FakeClock(Date.UTC(2026, 11, 7, 1, 0, 0));
const uuid = () => globalThis.crypto.randomUUID();
const HOUR = 3_600_000;
const isoIn = (ms: number) => new Date(clock.now() + ms).toISOString();

beforeAll(async () => {
  hub = await startStaffRouteHub(clock, async (db) => ({ branchQueue: await createBranchQueueStore(db, clock), appointments: await createAppointmentStore(db, clock) }));
  ({ stores, app } = hub);
}, 60_000);
afterAll(async () => hub?.close());

const signIn = (role: StaffRole): Promise<string> => hub.signIn(role);
const path = fillPath;

function call(method: 'GET' | 'POST', url: string, token: string | null, payload?: unknown) {
  return app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function kioskAt(branchId: string): Promise<KioskCredentials> {
  const credentials = await enrollTestKiosk(stores.authStore, uniqueKioskId(), branchId);
  const registered = await signedInject(app, credentials, { method: 'POST', url: HUB_API_PATHS.registerKiosk, payload: { kioskId: credentials.kioskId, branchId } });
  expect(registered.statusCode).toBe(201);
  return credentials;
}

async function openSlot(token: string, branchId: string, inMs: number, capacity = 1, serviceId = 'deposits') {
  const res = await call('POST', path(APPOINTMENT_PATHS.slots, { branchId }), token, { slots: [{ serviceId, startsAt: isoIn(inMs), durationMin: 30, capacity }] });
  expect(res.statusCode).toBe(201);
  const [slot] = createSlotsResponseSchema.parse(res.json()).slots;
  if (!slot) throw new Error('no slot');
  return slot;
}

describe('appointments at the hub', () => {
  it('lets supervisors open slots, not tellers; any staff member reads them; bad input is refused', async () => {
    const supervisor = await signIn('supervisor');
    const teller = await signIn('teller');
    const branchId = `BR-${uuid().slice(0, 6)}`;
    const url = path(APPOINTMENT_PATHS.slots, { branchId });
    const body = { slots: [{ serviceId: 'deposits', startsAt: isoIn(HOUR), durationMin: 30, capacity: 2 }] };
    expect((await call('POST', url, teller, body)).statusCode).toBe(403);
    expect((await call('POST', url, null, body)).statusCode).toBe(401);
    expect((await call('POST', url, supervisor, { slots: [{ ...body.slots[0], capacity: 0 }] })).statusCode).toBe(400);
    const created = await call('POST', url, supervisor, body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ created: 1 });
    const listed = await call('GET', `${url}?from=${encodeURIComponent(isoIn(0))}&to=${encodeURIComponent(isoIn(24 * HOUR))}`, teller);
    expect(slotsResponseSchema.parse(listed.json()).slots).toEqual([expect.objectContaining({ serviceId: 'deposits', capacity: 2, booked: 0 })]);
    expect((await call('GET', `${url}?from=${encodeURIComponent(isoIn(0))}&to=${encodeURIComponent(isoIn(30 * 24 * HOUR))}`, teller)).statusCode).toBe(400);
  });

  it('a kiosk sees free slots of its own branch, books one (phone only with consent, masked back), and checks in once', async () => {
    const supervisor = await signIn('supervisor');
    const branchId = `BR-${uuid().slice(0, 6)}`;
    const kiosk = await kioskAt(branchId);
    const slot = await openSlot(supervisor, branchId, 30 * 60_000);
    await openSlot(supervisor, `BR-${uuid().slice(0, 6)}`, 30 * 60_000);
    const kioskId = kiosk.kioskId;
    const slotsUrl = `${path(APPOINTMENT_PATHS.kioskSlots, { kioskId })}?from=${encodeURIComponent(isoIn(0))}&to=${encodeURIComponent(isoIn(24 * HOUR))}&serviceId=deposits`;
    expect((await app.inject({ method: 'GET', url: slotsUrl })).statusCode).toBe(401);
    const free = await signedInject(app, kiosk, { method: 'GET', url: slotsUrl });
    expect(free.statusCode).toBe(200);
    expect(slotsResponseSchema.parse(free.json())).toEqual({ branchId, slots: [expect.objectContaining({ slotId: slot.slotId })] });

    const bookUrl = path(APPOINTMENT_PATHS.kioskBook, { kioskId });
    expect((await signedInject(app, kiosk, { method: 'POST', url: bookUrl, payload: { slotId: slot.slotId, contact: { phone: '13812345678', consent: false } } })).statusCode).toBe(400);
    const booked = await signedInject(app, kiosk, { method: 'POST', url: bookUrl, payload: { slotId: slot.slotId, contact: { phone: '13812345678', consent: true } } });
    expect(booked.statusCode).toBe(201);
    expect(booked.body).not.toContain('13812345678');
    const { booking, code } = bookResponseSchema.parse(booked.json());
    expect(booking).toMatchObject({ branchId, status: 'booked', phone: '138****5678', bookedBy: `kiosk:${kioskId}` });
    const full = await signedInject(app, kiosk, { method: 'POST', url: bookUrl, payload: { slotId: slot.slotId } });
    expect(full.statusCode).toBe(409);
    expect(appointmentErrorSchema.parse(full.json()).reason).toBe('SLOT_FULL');

    const checkInUrl = path(APPOINTMENT_PATHS.kioskCheckIn, { kioskId });
    const elsewhere = await kioskAt(`BR-${uuid().slice(0, 6)}`);
    const wrongBranch = await signedInject(app, elsewhere, { method: 'POST', url: path(APPOINTMENT_PATHS.kioskCheckIn, { kioskId: elsewhere.kioskId }), payload: { code, ticketId: uuid() } });
    expect(appointmentErrorSchema.parse(wrongBranch.json()).reason).toBe('OTHER_BRANCH');
    const ticketId = uuid();
    const checkedIn = await signedInject(app, kiosk, { method: 'POST', url: checkInUrl, payload: { code, ticketId } });
    expect(checkedIn.statusCode).toBe(200);
    expect(checkInResponseSchema.parse(checkedIn.json()).booking).toMatchObject({ status: 'checked-in', ticketId, serviceId: 'deposits' });
    const again = await signedInject(app, kiosk, { method: 'POST', url: checkInUrl, payload: { code, ticketId: uuid() } });
    expect(again.statusCode).toBe(409);
    expect(appointmentErrorSchema.parse(again.json()).reason).toBe('ALREADY_USED');
    const unknown = await signedInject(app, kiosk, { method: 'POST', url: checkInUrl, payload: { code: 'BKA1-ABCDEFGHJKMNPQRSTVWXYZ0123', ticketId: uuid() } });
    expect(appointmentErrorSchema.parse(unknown.json()).reason).toBe('UNKNOWN_CODE');
    expect((await signedInject(app, kiosk, { method: 'POST', url: checkInUrl, payload: { code: 'not a code', ticketId: uuid() } })).statusCode).toBe(400);
    // A kiosk cannot act in another kiosk's name.
    expect((await signedInject(app, kiosk, { method: 'POST', url: path(APPOINTMENT_PATHS.kioskCheckIn, { kioskId: elsewhere.kioskId }), payload: { code, ticketId: uuid() } })).statusCode).toBe(401);
  });

  it('counter staff book for a customer and cancel, which frees the place; the list shows both', async () => {
    const supervisor = await signIn('supervisor');
    const teller = await signIn('teller');
    const branchId = `BR-${uuid().slice(0, 6)}`;
    const slot = await openSlot(supervisor, branchId, 2 * HOUR);
    const booked = await call('POST', path(APPOINTMENT_PATHS.bookings, { branchId }), teller, { slotId: slot.slotId });
    expect(booked.statusCode).toBe(201);
    const { booking } = bookResponseSchema.parse(booked.json());
    expect((await call('POST', path(APPOINTMENT_PATHS.bookings, { branchId }), teller, { slotId: slot.slotId })).statusCode).toBe(409);
    expect((await call('POST', path(APPOINTMENT_PATHS.bookings, { branchId: 'other' }), teller, { slotId: slot.slotId })).statusCode).toBe(404);
    expect((await call('POST', path(APPOINTMENT_PATHS.cancel, { bookingId: booking.bookingId }), teller)).statusCode).toBe(200);
    expect((await call('POST', path(APPOINTMENT_PATHS.cancel, { bookingId: booking.bookingId }), teller)).statusCode).toBe(409);
    expect((await call('POST', path(APPOINTMENT_PATHS.bookings, { branchId }), teller, { slotId: slot.slotId })).statusCode).toBe(201);
    const list = await call('GET', `${path(APPOINTMENT_PATHS.bookings, { branchId })}?from=${encodeURIComponent(isoIn(0))}&to=${encodeURIComponent(isoIn(24 * HOUR))}`, supervisor);
    expect(bookingsResponseSchema.parse(list.json()).bookings.map((b) => b.status)).toEqual(['cancelled', 'booked']);
  });
});
