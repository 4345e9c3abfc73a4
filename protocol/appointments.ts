// Appointments at a branch on the wire (issue 13): slots per branch × service × start time
// with a capacity, bookings made by staff or by a kiosk (signed), and the check-in a kiosk does
// when the customer scans the QR printed on their slip. Imports nothing but zod and ./ siblings.
import { z } from 'zod';
import { serviceIdSchema } from './branch-queue.js';
import { branchIdSchema, errorCodeSchema } from './hub-api.js';

export const APPOINTMENT_PATHS = {
  /** GET (any staff): the branch's slots in a time range. POST (supervisor, admin): open slots. */
  slots: '/v1/appointments/branches/:branchId/slots',
  /** GET (any staff): the branch's bookings in a time range. POST (counter staff): book for a customer. */
  bookings: '/v1/appointments/branches/:branchId/bookings',
  /** POST (counter staff): cancel a booking; its place in the slot is released. */
  cancel: '/v1/appointments/bookings/:bookingId/cancel',
  /** GET, signed by a kiosk: free slots of its own branch for one service in a time range. */
  kioskSlots: '/v1/kiosks/:kioskId/appointments/slots',
  /** POST, signed by a kiosk: book a slot of its own branch. */
  kioskBook: '/v1/kiosks/:kioskId/appointments',
  /** POST, signed by a kiosk: check in with the code scanned from the slip. */
  kioskCheckIn: '/v1/kiosks/:kioskId/appointments/check-in',
} as const;

/**
 * What the slip's QR holds: a fixed prefix (so a scanner reading some other code is told
 * apart at once) and 26 Crockford base32 characters, 130 random bits — not guessable, and
 * the hub keeps only its SHA-256.
 */
export const CHECK_IN_PREFIX = 'BKA1-';
export const checkInCodeSchema = z.string().regex(/^BKA1-[0-9A-HJKMNP-TV-Z]{26}$/);
export type CheckInCode = z.infer<typeof checkInCodeSchema>;

export const appointmentStatusSchema = z.enum(['booked', 'checked-in', 'no-show', 'cancelled']);
export type AppointmentStatus = z.infer<typeof appointmentStatusSchema>;

/** A range no longer than 8 days: a week ahead is what a kiosk offers. */
const MAX_RANGE_MS = 8 * 24 * 3_600_000;
export const timeRangeQuerySchema = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), serviceId: serviceIdSchema.optional() })
  .strict()
  .refine((q) => Date.parse(q.to) > Date.parse(q.from) && Date.parse(q.to) - Date.parse(q.from) <= MAX_RANGE_MS, 'to must be after from, at most 8 days later');
export type TimeRangeQuery = z.infer<typeof timeRangeQuerySchema>;

export const newSlotSchema = z
  .object({
    serviceId: serviceIdSchema,
    startsAt: z.iso.datetime({ offset: true }),
    durationMin: z.number().int().min(5).max(240),
    capacity: z.number().int().min(1).max(50),
  })
  .strict();
export const createSlotsRequestSchema = z.object({ slots: z.array(newSlotSchema).min(1).max(500) }).strict();
export type CreateSlotsRequest = z.infer<typeof createSlotsRequestSchema>;

export const slotSchema = z.object({
  slotId: z.string(),
  branchId: z.string(),
  serviceId: z.string(),
  startsAt: z.string(),
  durationMin: z.number().int().positive(),
  capacity: z.number().int().positive(),
  booked: z.number().int().nonnegative(),
});
export type Slot = z.infer<typeof slotSchema>;
export const slotsResponseSchema = z.object({ branchId: z.string(), slots: z.array(slotSchema) });
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;
export const createSlotsResponseSchema = z.object({ created: z.number().int().nonnegative(), slots: z.array(slotSchema) });

/** Mainland mobile numbers only: what an SMS reminder can reach. */
export const phoneSchema = z.string().regex(/^1[3-9]\d{9}$/);
/** 138****1234: the only form of the phone number that is shown or logged. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** A phone number only with the customer's consent to be contacted about this appointment. */
export const contactSchema = z.object({ phone: phoneSchema, consent: z.literal(true) }).strict();

export const bookRequestSchema = z.object({ slotId: z.uuid(), contact: contactSchema.optional() }).strict();
export type BookRequest = z.infer<typeof bookRequestSchema>;

export const bookingSchema = z.object({
  bookingId: z.string(),
  branchId: z.string(),
  serviceId: z.string(),
  slotId: z.string(),
  startsAt: z.string(),
  durationMin: z.number().int().positive(),
  status: appointmentStatusSchema,
  /** Masked; null without consent. */
  phone: z.string().nullable(),
  bookedBy: z.string(),
  bookedAt: z.string(),
  checkedInAt: z.string().nullable(),
  ticketId: z.string().nullable(),
});
export type Booking = z.infer<typeof bookingSchema>;

/** The code is in the answer to the booking call only: the hub cannot show it again. */
export const bookResponseSchema = z.object({ booking: bookingSchema, code: checkInCodeSchema });
export type BookResponse = z.infer<typeof bookResponseSchema>;
export const bookingsResponseSchema = z.object({ branchId: z.string(), bookings: z.array(bookingSchema) });

/** The kiosk names the ticket it will issue, so the booking records which ticket it became. */
export const checkInRequestSchema = z.object({ code: checkInCodeSchema, ticketId: z.uuid() }).strict();
export type CheckInRequest = z.infer<typeof checkInRequestSchema>;
export const checkInResponseSchema = z.object({ booking: bookingSchema });
export type CheckInResponse = z.infer<typeof checkInResponseSchema>;

/** Why a booking or check-in was refused; the kiosk explains each in the customer's language. */
export const appointmentRefusalSchema = z.enum([
  'SLOT_FULL', // somebody took the last place first
  'SLOT_PAST', // the slot has started
  'UNKNOWN_CODE', // no booking has this code
  'ALREADY_USED', // checked in before
  'EXPIRED', // a no-show or cancelled booking, or past the grace
  'TOO_EARLY', // more than the early window before the slot
  'OTHER_BRANCH', // booked at another branch
]);
export type AppointmentRefusal = z.infer<typeof appointmentRefusalSchema>;

export const appointmentErrorSchema = z.object({ code: errorCodeSchema, message: z.string(), reason: appointmentRefusalSchema.optional() });
export type AppointmentError = z.infer<typeof appointmentErrorSchema>;

export const branchParamsSchema = z.object({ branchId: branchIdSchema }).strict();
