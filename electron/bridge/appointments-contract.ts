// Appointments on the kiosk (issue 13): book a slot at this branch (online only: the hub holds
// the slots) and print a slip whose QR is the check-in code; check in by scanning that QR on
// the home, ticket or check-in screen, which gives a VIP ticket. The check-in code never
// crosses to the page: the host prints it and reads it back from the scanner.
import { z } from 'zod';
import { appointmentRefusalSchema, phoneSchema } from '../../protocol/appointments.js';
import { serviceIdSchema } from '../../protocol/branch-queue.js';
import { queueServiceSchema } from '../../protocol/queue-service.js';

const localeSchema = z.enum(['zh-CN', 'en']);
const printOutcome = z.object({
  printed: z.boolean(),
  code: z.enum(['PAPER_OUT', 'COVER_OPEN', 'OFFLINE', 'TIMEOUT', 'IO', 'PRINTER_NOT_READY', 'DEVICE_UNAVAILABLE']).optional(),
});
const ticketShape = z.object({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  issuedAt: z.string(),
  ahead: z.number().int().nonnegative().nullable(),
  priority: z.boolean().optional(),
  vip: z.enum(['appointment', 'card']).optional(),
  estimatedWaitSec: z.number().int().nonnegative().nullable().optional(),
});

/** A day as the kiosk's own calendar names it (its time zone), YYYY-MM-DD. */
export const localDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const kioskSlotSchema = z.object({ slotId: z.string(), startsAt: z.string(), durationMin: z.number().int().positive(), placesLeft: z.number().int().positive() });
export type KioskSlot = z.infer<typeof kioskSlotSchema>;

/** Why the page cannot go on: offline (or the hub did not answer), or one of the hub's refusals. */
export const appointmentProblemSchema = z.union([appointmentRefusalSchema, z.enum(['OFFLINE', 'NOT_APPOINTMENT', 'NOT_FOUND'])]);
export type AppointmentProblem = z.infer<typeof appointmentProblemSchema>;

export const bookResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('booked'), serviceId: z.string(), startsAt: z.string(), durationMin: z.number().int().positive(), phone: z.string().nullable(), print: printOutcome }),
  z.object({ outcome: z.literal('refused'), problem: appointmentProblemSchema }),
]);
export type BookResult = z.infer<typeof bookResultSchema>;

export const checkInResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('checked-in'), ticket: ticketShape, service: queueServiceSchema, startsAt: z.string(), print: printOutcome }),
  z.object({ outcome: z.literal('refused'), problem: appointmentProblemSchema }),
]);
export type CheckInResult = z.infer<typeof checkInResultSchema>;

/**
 * Where a scanned check-in QR counts: `off` (a journey that reads codes of its own, the attract
 * screen), `passive` (home, choosing a service: an appointment QR checks in, other codes are
 * ignored), `asking` (the Check in screen: any code gets an answer).
 */
export const scannerModeSchema = z.enum(['off', 'passive', 'asking']);
export type ScannerMode = z.infer<typeof scannerModeSchema>;

export const appointmentRequests = {
  /** Free slots for one service on one day of the kiosk's calendar, from now on. */
  'appointments.slots': {
    input: z.object({ serviceId: serviceIdSchema, day: localDaySchema }).strict(),
    output: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('ok'), slots: z.array(kioskSlotSchema) }), z.object({ outcome: z.literal('refused'), problem: appointmentProblemSchema })]),
  },
  /** Books and prints the slip. A phone number only with consent (the page asks both). */
  'appointments.book': {
    input: z.object({ slotId: z.uuid(), locale: localeSchema, contact: z.object({ phone: phoneSchema, consent: z.literal(true) }).strict().optional() }).strict(),
    output: bookResultSchema,
  },
  'appointments.scanner': {
    input: z.object({ mode: scannerModeSchema, locale: localeSchema }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
} as const;

export const appointmentEvents = {
  /** A scanned appointment QR was checked in (or refused) while the scanner mode allowed it. */
  'appointments.checkIn': checkInResultSchema,
} as const;
