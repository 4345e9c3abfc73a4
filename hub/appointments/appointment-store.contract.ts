// One behaviour suite for appointments on each engine (PGlite, PostgreSQL). Each test takes a
// fresh branch, so tests share one database without seeing each other's slots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInCodeSchema } from '../../protocol/appointments.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import type { Database } from '../storage/queryable.js';
import { createAppointmentStore, DEFAULT_APPOINTMENT_POLICY, type AppointmentStore } from './appointment-store.js';

export const T0 = Date.UTC(2026, 11, 7, 1, 0, 0);
const MIN = 60_000;
const uuid = () => globalThis.crypto.randomUUID();
export const freshBranch = () => `B-${uuid().slice(0, 8)}`;

export function describeAppointmentContract(engine: string, open: () => Promise<{ db: Database; dispose(): Promise<void> }>): void {
  describe(`appointments on ${engine}`, () => {
    let opened: { db: Database; dispose(): Promise<void> } | undefined;
    let store: AppointmentStore;
    let clock: FakeClock;
    beforeAll(async () => {
      opened = await open();
      clock = new FakeClock(T0);
      store = await createAppointmentStore(opened.db, clock);
    }, 60_000);
    afterAll(async () => {
      await opened?.dispose();
    });

    async function slot(branchId: string, startsAtMs: number, capacity = 1, serviceId = 'deposit'): Promise<string> {
      const [created] = await store.createSlots(branchId, [{ serviceId, startsAtMs, durationMin: 30, capacity }], 'sup-1');
      if (!created) throw new Error('slot not created');
      return created.slotId;
    }

    async function booked(branchId: string, slotId: string) {
      const result = await store.book(branchId, slotId, 'kiosk:K1');
      if (!result.ok) throw new Error(result.reason);
      return result;
    }

    it('opens slots once per branch, service and start, and lists them in time order', async () => {
      const branch = freshBranch();
      const first = await store.createSlots(branch, [
        { serviceId: 'loans', startsAtMs: clock.now() + 120 * MIN, durationMin: 30, capacity: 2 },
        { serviceId: 'deposit', startsAtMs: clock.now() + 60 * MIN, durationMin: 30, capacity: 1 },
      ], 'sup-1');
      expect(first.map((s) => s.serviceId)).toEqual(['deposit', 'loans']);
      const again = await store.createSlots(branch, [{ serviceId: 'loans', startsAtMs: clock.now() + 120 * MIN, durationMin: 15, capacity: 9 }], 'sup-1');
      expect(again).toEqual([]);
      const listed = await store.slots(branch, { fromMs: clock.now(), toMs: clock.now() + 24 * 60 * MIN });
      expect(listed.map((s) => [s.serviceId, s.capacity, s.booked])).toEqual([['deposit', 1, 0], ['loans', 2, 0]]);
      expect(await store.slots(branch, { fromMs: clock.now(), toMs: clock.now() + 24 * 60 * MIN, serviceId: 'loans' })).toHaveLength(1);
      expect(await store.slots(freshBranch(), { fromMs: clock.now(), toMs: clock.now() + 24 * 60 * MIN })).toEqual([]);
    });

    it('books until the slot is full, then refuses; a full or past slot is not offered as free', async () => {
      const branch = freshBranch();
      const slotId = await slot(branch, clock.now() + 60 * MIN, 2);
      const pastId = await slot(branch, clock.now() - 5 * MIN, 2);
      const a = await booked(branch, slotId);
      expect(checkInCodeSchema.safeParse(a.code).success).toBe(true);
      expect(a.booking).toMatchObject({ status: 'booked', serviceId: 'deposit', slotId, phone: null, bookedBy: 'kiosk:K1', ticketId: null });
      await booked(branch, slotId);
      expect(await store.book(branch, slotId, 'kiosk:K1')).toEqual({ ok: false, reason: 'SLOT_FULL' });
      expect(await store.book(branch, pastId, 'kiosk:K1')).toEqual({ ok: false, reason: 'SLOT_PAST' });
      expect(await store.book(freshBranch(), slotId, 'kiosk:K1')).toEqual({ ok: false, reason: 'NOT_FOUND' });
      const range = { fromMs: clock.now() - 60 * MIN, toMs: clock.now() + 24 * 60 * MIN };
      expect(await store.slots(branch, { ...range, freeOnly: true })).toEqual([]);
      expect((await store.slots(branch, range)).find((s) => s.slotId === slotId)?.booked).toBe(2);
    });

    it('gives the last places to exactly as many of many simultaneous bookings', async () => {
      const branch = freshBranch();
      const slotId = await slot(branch, clock.now() + 60 * MIN, 3);
      const results = await Promise.all(Array.from({ length: 8 }, () => store.book(branch, slotId, 'kiosk:K1')));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok && r.reason === 'SLOT_FULL')).toHaveLength(5);
      const codes = new Set(results.flatMap((r) => (r.ok ? [r.code] : [])));
      expect(codes.size).toBe(3);
    });

    it('keeps the phone only with consent and never answers it in full', async () => {
      const branch = freshBranch();
      const slotId = await slot(branch, clock.now() + 60 * MIN);
      const result = await store.book(branch, slotId, 'staff:s-1', '13812345678');
      if (!result.ok) throw new Error(result.reason);
      expect(result.booking.phone).toBe('138****5678');
      expect(JSON.stringify(await store.bookings(branch, { fromMs: clock.now(), toMs: clock.now() + 24 * 60 * MIN }))).not.toContain('13812345678');
    });

    it('checks in once with the code, in the window, at its own branch; says why not otherwise', async () => {
      const branch = freshBranch();
      const soon = await booked(branch, await slot(branch, clock.now() + 30 * MIN));
      const ticketId = uuid();
      const done = await store.checkIn(branch, soon.code, 'K1', ticketId);
      expect(done).toMatchObject({ ok: true, booking: { status: 'checked-in', ticketId, bookingId: soon.booking.bookingId } });
      expect(await store.checkIn(branch, soon.code, 'K1', uuid())).toEqual({ ok: false, reason: 'ALREADY_USED' });
      expect(await store.checkIn(branch, 'BKA1-0000000000000000000000000Z', 'K1', uuid())).toEqual({ ok: false, reason: 'UNKNOWN_CODE' });

      const elsewhere = await booked(branch, await slot(branch, clock.now() + 40 * MIN));
      expect(await store.checkIn(freshBranch(), elsewhere.code, 'K9', uuid())).toEqual({ ok: false, reason: 'OTHER_BRANCH' });

      const later = await booked(branch, await slot(branch, clock.now() + DEFAULT_APPOINTMENT_POLICY.earlyMs + 5 * MIN));
      expect(await store.checkIn(branch, later.code, 'K1', uuid())).toEqual({ ok: false, reason: 'TOO_EARLY' });
      clock.advance(10 * MIN);
      expect((await store.checkIn(branch, later.code, 'K1', uuid())).ok).toBe(true);

      // Past the grace but before any sweep: still too late.
      clock.advance(40 * MIN + DEFAULT_APPOINTMENT_POLICY.graceMs);
      expect(await store.checkIn(branch, elsewhere.code, 'K1', uuid())).toEqual({ ok: false, reason: 'EXPIRED' });
    });

    it('cancelling gives the place back; a cancelled code does not check in', async () => {
      const branch = freshBranch();
      const slotId = await slot(branch, clock.now() + 30 * MIN);
      const first = await booked(branch, slotId);
      expect(await store.cancel(first.booking.bookingId)).toBe('ok');
      expect(await store.cancel(first.booking.bookingId)).toBe('not-open');
      expect(await store.cancel(uuid())).toBe('not-found');
      expect((await store.book(branch, slotId, 'kiosk:K1')).ok).toBe(true);
      expect(await store.checkIn(branch, first.code, 'K1', uuid())).toEqual({ ok: false, reason: 'EXPIRED' });
    });

    it('the sweeper, on the fake clock, marks no-shows after the grace and releases their places', async () => {
      const branch = freshBranch();
      const startsAt = clock.now() + 10 * MIN;
      const slotId = await slot(branch, startsAt, 2);
      const noShow = await booked(branch, slotId);
      const shows = await booked(branch, slotId);
      clock.advance(12 * MIN);
      expect((await store.checkIn(branch, shows.code, 'K1', uuid())).ok).toBe(true);
      const swept: number[] = [];
      const errors: unknown[] = [];
      const stop = store.startSweeper(60_000, (err) => errors.push(err));
      // The sweeper re-arms only after its sweep has finished: one minute at a time.
      const minute = async () => {
        clock.advance(60_000);
        await waitUntil(async () => clock.pendingTimers === 1);
      };
      // Up to one minute before the grace ends: nothing is swept.
      for (let i = 0; i < 12; i++) await minute();
      expect((await store.bookings(branch, { fromMs: startsAt, toMs: startsAt + 1 })).map((b) => b.status).sort()).toEqual(['booked', 'checked-in']);
      expect((await store.slots(branch, { fromMs: startsAt, toMs: startsAt + 1 }))[0]?.booked).toBe(2);
      await minute();
      await minute();
      await waitUntil(async () => (await store.bookings(branch, { fromMs: startsAt, toMs: startsAt + 1 })).some((b) => b.status === 'no-show'));
      stop();
      swept.push(await store.sweepNoShows());
      expect(swept).toEqual([0]);
      expect(errors).toEqual([]);
      const bookings = await store.bookings(branch, { fromMs: startsAt, toMs: startsAt + 1 });
      expect(bookings.find((b) => b.bookingId === noShow.booking.bookingId)?.status).toBe('no-show');
      expect(bookings.find((b) => b.bookingId === shows.booking.bookingId)?.status).toBe('checked-in');
      const [after] = await store.slots(branch, { fromMs: startsAt, toMs: startsAt + 1 });
      expect(after?.booked).toBe(1);
      expect(await store.checkIn(branch, noShow.code, 'K1', uuid())).toEqual({ ok: false, reason: 'EXPIRED' });
      expect(clock.pendingTimers).toBe(0);
    });
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
