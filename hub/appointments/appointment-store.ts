// Appointments over either engine (PGlite, PostgreSQL), on one clock. A slot's place is taken by
// one conditional UPDATE (booked < capacity), so two kiosks on two hub instances cannot both
// take the last one; a check-in and the no-show sweeper each move a booking only out of
// 'booked', so one of them wins and the other finds nothing to do.
import type { AppointmentRefusal, Booking, CheckInCode, Slot } from '../../protocol/appointments.js';
import { appointmentStatusSchema, maskPhone } from '../../protocol/appointments.js';
import type { Clock, TimerHandle } from '../assist/clock.js';
import { migrate } from '../storage/migrations.js';
import type { Database, Queryable } from '../storage/queryable.js';
import { toSafeInteger } from '../storage/row-values.js';
import { hashCheckInCode, newCheckInCode } from './check-in-code.node.js';

export interface AppointmentPolicy {
  /** A booking not checked in this long after its slot starts is a no-show; its place is released. */
  graceMs: number;
  /** How long before its slot a booking may check in. */
  earlyMs: number;
}

export const DEFAULT_APPOINTMENT_POLICY: AppointmentPolicy = { graceMs: 15 * 60_000, earlyMs: 60 * 60_000 };

export interface NewSlot {
  serviceId: string;
  startsAtMs: number;
  durationMin: number;
  capacity: number;
}

export type BookOutcome = { ok: true; booking: Booking; code: CheckInCode } | { ok: false; reason: 'NOT_FOUND' | Extract<AppointmentRefusal, 'SLOT_FULL' | 'SLOT_PAST'> };
export type CheckInOutcome = { ok: true; booking: Booking } | { ok: false; reason: Exclude<AppointmentRefusal, 'SLOT_FULL' | 'SLOT_PAST'> };

export interface AppointmentStore {
  /** Slots that already exist (same branch, service, start) are left as they are; the answer lists the new ones. */
  createSlots(branchId: string, slots: readonly NewSlot[], createdBy: string): Promise<Slot[]>;
  /** Slots starting in [fromMs, toMs); `freeOnly`: those still in the future with a place left. */
  slots(branchId: string, range: { fromMs: number; toMs: number; serviceId?: string; freeOnly?: boolean }): Promise<Slot[]>;
  book(branchId: string, slotId: string, bookedBy: string, phone?: string): Promise<BookOutcome>;
  bookings(branchId: string, range: { fromMs: number; toMs: number }): Promise<Booking[]>;
  cancel(bookingId: string): Promise<'ok' | 'not-found' | 'not-open'>;
  checkIn(branchId: string, code: string, kioskId: string, ticketId: string): Promise<CheckInOutcome>;
  /** Marks overdue bookings no-show and releases their places; the number swept. */
  sweepNoShows(): Promise<number>;
  /** Sweeps every `everyMs` on the store's clock until the returned stop is called. */
  startSweeper(everyMs: number, onError: (err: unknown) => void): () => void;
}

interface SlotRow {
  slot_id: string;
  branch_id: string;
  service_id: string;
  starts_at_ms: unknown;
  duration_min: unknown;
  capacity: unknown;
  booked: unknown;
}

interface BookingRow {
  booking_id: string;
  slot_id: string;
  branch_id: string;
  service_id: string;
  starts_at_ms: unknown;
  duration_min: unknown;
  status: string;
  phone: string | null;
  booked_by: string;
  booked_at_ms: unknown;
  checked_in_at_ms: unknown;
  ticket_id: string | null;
}

const iso = (value: unknown) => new Date(toSafeInteger(value)).toISOString();

function slotOf(row: SlotRow): Slot {
  return {
    slotId: row.slot_id,
    branchId: row.branch_id,
    serviceId: row.service_id,
    startsAt: iso(row.starts_at_ms),
    durationMin: toSafeInteger(row.duration_min),
    capacity: toSafeInteger(row.capacity),
    booked: toSafeInteger(row.booked),
  };
}

function bookingOf(row: BookingRow): Booking {
  return {
    bookingId: row.booking_id,
    branchId: row.branch_id,
    serviceId: row.service_id,
    slotId: row.slot_id,
    startsAt: iso(row.starts_at_ms),
    durationMin: toSafeInteger(row.duration_min),
    status: appointmentStatusSchema.parse(row.status),
    phone: row.phone === null ? null : maskPhone(row.phone),
    bookedBy: row.booked_by,
    bookedAt: iso(row.booked_at_ms),
    checkedInAt: row.checked_in_at_ms === null || row.checked_in_at_ms === undefined ? null : iso(row.checked_in_at_ms),
    ticketId: row.ticket_id,
  };
}

const SLOT_COLUMNS = 'slot_id, branch_id, service_id, starts_at_ms, duration_min, capacity, booked';
const BOOKING_SELECT = `
  SELECT b.booking_id, b.slot_id, b.branch_id, b.service_id, b.starts_at_ms, s.duration_min, b.status, b.phone,
         b.booked_by, b.booked_at_ms, b.checked_in_at_ms, b.ticket_id
  FROM appointment_bookings b JOIN appointment_slots s ON s.slot_id = b.slot_id`;

async function bookingById(db: Queryable, bookingId: string): Promise<Booking | null> {
  const { rows } = await db.query<BookingRow>(`${BOOKING_SELECT} WHERE b.booking_id = $1`, [bookingId]);
  return rows[0] ? bookingOf(rows[0]) : null;
}

/** Gives one place back to each slot named, once per booking that left it. */
const RELEASE_SQL = `
  UPDATE appointment_slots s SET booked = s.booked - c.n
  FROM (SELECT slot_id, count(*)::int AS n FROM released GROUP BY slot_id) c
  WHERE s.slot_id = c.slot_id`;

export async function createAppointmentStore(db: Database, clock: Clock, policy: AppointmentPolicy = DEFAULT_APPOINTMENT_POLICY): Promise<AppointmentStore> {
  await migrate(db);
  const uuid = () => globalThis.crypto.randomUUID();

  const store: AppointmentStore = {
    async createSlots(branchId, slots, createdBy) {
      const now = clock.now();
      const rows = slots.map((s) => ({ slot_id: uuid(), service_id: s.serviceId, starts_at_ms: s.startsAtMs, duration_min: s.durationMin, capacity: s.capacity }));
      const { rows: created } = await db.query<SlotRow>(
        `INSERT INTO appointment_slots (slot_id, branch_id, service_id, starts_at_ms, duration_min, capacity, created_by, created_at_ms)
         SELECT r.slot_id, $1, r.service_id, r.starts_at_ms, r.duration_min, r.capacity, $2, $3
         FROM jsonb_to_recordset($4::jsonb) AS r(slot_id uuid, service_id text, starts_at_ms bigint, duration_min integer, capacity integer)
         ON CONFLICT (branch_id, service_id, starts_at_ms) DO NOTHING
         RETURNING ${SLOT_COLUMNS}`,
        [branchId, createdBy, now, JSON.stringify(rows)],
      );
      return created.map(slotOf).sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.serviceId.localeCompare(b.serviceId));
    },

    async slots(branchId, { fromMs, toMs, serviceId, freeOnly = false }) {
      const { rows } = await db.query<SlotRow>(
        `SELECT ${SLOT_COLUMNS} FROM appointment_slots
         WHERE branch_id = $1 AND starts_at_ms >= $2 AND starts_at_ms < $3 AND ($4::text IS NULL OR service_id = $4)
           AND (NOT $5 OR (booked < capacity AND starts_at_ms > $6))
         ORDER BY starts_at_ms, service_id`,
        [branchId, fromMs, toMs, serviceId ?? null, freeOnly, clock.now()],
      );
      return rows.map(slotOf);
    },

    async book(branchId, slotId, bookedBy, phone) {
      const now = clock.now();
      const code = newCheckInCode();
      const bookingId = uuid();
      const outcome = await db.transaction(async (tx): Promise<{ ok: true } | Extract<BookOutcome, { ok: false }>> => {
        const taken = await tx.query<SlotRow>(
          `UPDATE appointment_slots SET booked = booked + 1
           WHERE slot_id = $1 AND branch_id = $2 AND booked < capacity AND starts_at_ms > $3
           RETURNING ${SLOT_COLUMNS}`,
          [slotId, branchId, now],
        );
        const slot = taken.rows[0];
        if (!slot) {
          const { rows } = await tx.query<SlotRow>(`SELECT ${SLOT_COLUMNS} FROM appointment_slots WHERE slot_id = $1 AND branch_id = $2`, [slotId, branchId]);
          const found = rows[0];
          if (!found) return { ok: false, reason: 'NOT_FOUND' };
          return { ok: false, reason: toSafeInteger(found.starts_at_ms) <= now ? 'SLOT_PAST' : 'SLOT_FULL' };
        }
        await tx.query(
          `INSERT INTO appointment_bookings (booking_id, slot_id, branch_id, service_id, starts_at_ms, code_hash, status, phone, booked_by, booked_at_ms)
           VALUES ($1, $2, $3, $4, $5, $6, 'booked', $7, $8, $9)`,
          [bookingId, slotId, branchId, slot.service_id, toSafeInteger(slot.starts_at_ms), hashCheckInCode(code), phone ?? null, bookedBy, now],
        );
        return { ok: true };
      });
      if (!outcome.ok) return outcome;
      const booking = await bookingById(db, bookingId);
      if (!booking) throw new Error('appointments: a booking just stored cannot be read back');
      return { ok: true, booking, code };
    },

    async bookings(branchId, { fromMs, toMs }) {
      const { rows } = await db.query<BookingRow>(`${BOOKING_SELECT} WHERE b.branch_id = $1 AND b.starts_at_ms >= $2 AND b.starts_at_ms < $3 ORDER BY b.starts_at_ms, b.booked_at_ms`, [branchId, fromMs, toMs]);
      return rows.map(bookingOf);
    },

    async cancel(bookingId) {
      const { rows } = await db.query<{ n: unknown; existing: unknown }>(
        `WITH released AS (
           UPDATE appointment_bookings SET status = 'cancelled', closed_at_ms = $2
           WHERE booking_id = $1 AND status = 'booked' RETURNING slot_id),
         freed AS (${RELEASE_SQL} RETURNING s.slot_id)
         SELECT (SELECT count(*) FROM released) AS n, (SELECT count(*) FROM appointment_bookings WHERE booking_id = $1) AS existing`,
        [bookingId, clock.now()],
      );
      const row = rows[0];
      if (toSafeInteger(row?.n ?? 0) === 1) return 'ok';
      return toSafeInteger(row?.existing ?? 0) === 0 ? 'not-found' : 'not-open';
    },

    async checkIn(branchId, code, kioskId, ticketId) {
      const now = clock.now();
      const hash = hashCheckInCode(code);
      const { rows } = await db.query<{ booking_id: string }>(
        `UPDATE appointment_bookings SET status = 'checked-in', checked_in_at_ms = $3, checked_in_kiosk = $4, ticket_id = $5
         WHERE code_hash = $1 AND branch_id = $2 AND status = 'booked'
           AND starts_at_ms - $6 <= $3 AND starts_at_ms + $7 >= $3
         RETURNING booking_id`,
        [hash, branchId, now, kioskId, ticketId, policy.earlyMs, policy.graceMs],
      );
      if (rows[0]) {
        const booking = await bookingById(db, rows[0].booking_id);
        if (!booking) throw new Error('appointments: a booking just checked in cannot be read back');
        return { ok: true, booking };
      }
      // Why not: read after the fact, so the reason matches what the UPDATE saw (or later).
      const found = await db.query<{ branch_id: string; status: string; starts_at_ms: unknown }>('SELECT branch_id, status, starts_at_ms FROM appointment_bookings WHERE code_hash = $1', [hash]);
      const booking = found.rows[0];
      if (!booking) return { ok: false, reason: 'UNKNOWN_CODE' };
      if (booking.branch_id !== branchId) return { ok: false, reason: 'OTHER_BRANCH' };
      if (booking.status === 'checked-in') return { ok: false, reason: 'ALREADY_USED' };
      if (booking.status !== 'booked') return { ok: false, reason: 'EXPIRED' };
      return { ok: false, reason: toSafeInteger(booking.starts_at_ms) - policy.earlyMs > now ? 'TOO_EARLY' : 'EXPIRED' };
    },

    async sweepNoShows() {
      const now = clock.now();
      const { rows } = await db.query<{ n: unknown }>(
        `WITH released AS (
           UPDATE appointment_bookings SET status = 'no-show', closed_at_ms = $1
           WHERE status = 'booked' AND starts_at_ms + $2 < $1 RETURNING slot_id),
         freed AS (${RELEASE_SQL} RETURNING s.slot_id)
         SELECT count(*) AS n FROM released`,
        [now, policy.graceMs],
      );
      return toSafeInteger(rows[0]?.n ?? 0);
    },

    startSweeper(everyMs, onError) {
      let handle: TimerHandle | null = null;
      let stopped = false;
      const tick = () => {
        handle = null;
        store
          .sweepNoShows()
          .catch(onError)
          .finally(() => {
            if (!stopped) handle = clock.setTimeout(tick, everyMs);
          });
      };
      handle = clock.setTimeout(tick, everyMs);
      return () => {
        stopped = true;
        if (handle) clock.clearTimeout(handle);
      };
    },
  };
  return store;
}
