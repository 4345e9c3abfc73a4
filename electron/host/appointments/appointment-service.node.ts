// Appointments on the kiosk host: free slots and booking through the hub's signed kiosk routes
// (online only — the hub holds the slots, and a slip whose code the hub never stored would
// check nobody in), the slip printed with the check-in QR, and check-in by scanning it. The
// code is never logged, stored or handed to the page: it goes from the hub to the printer, and
// from the scanner back to the hub.
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  APPOINTMENT_PATHS,
  appointmentErrorSchema,
  bookResponseSchema,
  CHECK_IN_PREFIX,
  checkInCodeSchema,
  checkInResponseSchema,
  slotsResponseSchema,
} from '../../../protocol/appointments.js';
import type { AppointmentProblem, BookResult, CheckInResult, KioskSlot, ScannerMode } from '../../bridge/appointments-contract.js';
import type { Locale, PrintOutcome, QueueService, Ticket } from '../../bridge/contract.js';
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { Send } from '../hub-send.node.js';
import type { HostLogger } from '../log.node.js';
import { appointmentSlip } from './appointment-slip.js';

export interface AppointmentServiceDeps {
  kioskId: string;
  branchName: { 'zh-CN': string; en: string };
  send: Send;
  services: () => readonly QueueService[] | Promise<readonly QueueService[]>;
  issueTicket: (serviceId: string, locale: Locale, opts: { vip: 'appointment'; ticketId: string }) => Promise<{ ticket: Ticket; print: PrintOutcome }>;
  print: (doc: ReceiptDocument) => Promise<PrintOutcome>;
  /** Scanned text from the barcode scanner; returns the unsubscribe. */
  onScan: (cb: (text: string) => void) => () => void;
  emit: (result: CheckInResult) => void;
  log: HostLogger;
  now?: () => Date;
  /** What the slip promises; the hub's no-show grace (hub/appointments). */
  graceMin?: number;
}

type HubAnswer<T> = { ok: true; value: T } | { ok: false; problem: AppointmentProblem };

/** Midnight to midnight of a day on the kiosk's own calendar (its time zone). */
export function dayRange(day: string): { from: Date; to: Date } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { from: new Date(y, m - 1, d), to: new Date(y, m - 1, d + 1) };
}

export class AppointmentService {
  private mode: ScannerMode = 'off';
  private locale: Locale = 'zh-CN';
  private checking = false;
  private readonly stopScans: () => void;
  private readonly now: () => Date;

  constructor(private readonly deps: AppointmentServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.stopScans = deps.onScan((text) => void this.scanned(text));
  }

  setScanner(mode: ScannerMode, locale: Locale): { ok: true } {
    this.mode = mode;
    this.locale = locale;
    return { ok: true };
  }

  async slots(serviceId: string, day: string): Promise<{ outcome: 'ok'; slots: KioskSlot[] } | { outcome: 'refused'; problem: AppointmentProblem }> {
    const { from, to } = dayRange(day);
    const start = new Date(Math.max(from.getTime(), this.now().getTime()));
    if (start >= to) return { outcome: 'ok', slots: [] };
    const query = new URLSearchParams({ from: start.toISOString(), to: to.toISOString(), serviceId });
    const answer = await this.ask('GET', `${this.path(APPOINTMENT_PATHS.kioskSlots)}?${query.toString()}`, undefined, slotsResponseSchema);
    if (!answer.ok) return { outcome: 'refused', problem: answer.problem };
    const slots = answer.value.slots.map((s) => ({ slotId: s.slotId, startsAt: s.startsAt, durationMin: s.durationMin, placesLeft: s.capacity - s.booked })).filter((s) => s.placesLeft > 0);
    return { outcome: 'ok', slots };
  }

  async book(slotId: string, locale: Locale, contact?: { phone: string; consent: true }): Promise<BookResult> {
    const answer = await this.ask('POST', this.path(APPOINTMENT_PATHS.kioskBook), { slotId, ...(contact ? { contact } : {}) }, bookResponseSchema);
    if (!answer.ok) {
      this.deps.log.info({ slotId, problem: answer.problem }, 'appointment not booked');
      return { outcome: 'refused', problem: answer.problem };
    }
    const { booking, code } = answer.value;
    // A service dropped from the catalog since the list was shown still gets a slip, named by its id.
    const service = (await this.deps.services()).find((s) => s.id === booking.serviceId) ?? { id: booking.serviceId, prefix: 'A', name: { 'zh-CN': booking.serviceId, en: booking.serviceId }, vip: false };
    const doc = appointmentSlip({
      code,
      service,
      startsAt: new Date(booking.startsAt),
      durationMin: booking.durationMin,
      phone: booking.phone,
      graceMin: this.deps.graceMin ?? 15,
      branchName: this.deps.branchName,
      kioskId: this.deps.kioskId,
      locale,
    });
    const print = await this.deps.print(doc);
    // The booking id, not the code: the code is the customer's key and lives only on the slip.
    this.deps.log.info({ bookingId: booking.bookingId, serviceId: booking.serviceId, startsAt: booking.startsAt, printed: print.printed, withPhone: booking.phone !== null }, 'appointment booked');
    return { outcome: 'booked', serviceId: booking.serviceId, startsAt: booking.startsAt, durationMin: booking.durationMin, phone: booking.phone, print };
  }

  /** Checks a scanned code in; exported for tests and the scanner path alike. */
  async checkIn(code: string, locale: Locale): Promise<CheckInResult> {
    if (!checkInCodeSchema.safeParse(code).success) return { outcome: 'refused', problem: code.startsWith(CHECK_IN_PREFIX) ? 'UNKNOWN_CODE' : 'NOT_APPOINTMENT' };
    const ticketId = uuidv7();
    const answer = await this.ask('POST', this.path(APPOINTMENT_PATHS.kioskCheckIn), { code, ticketId }, checkInResponseSchema);
    if (!answer.ok) {
      this.deps.log.info({ problem: answer.problem }, 'appointment check-in refused');
      return { outcome: 'refused', problem: answer.problem };
    }
    const { booking } = answer.value;
    const service = (await this.deps.services()).find((s) => s.id === booking.serviceId);
    if (!service) {
      // Checked in at the hub for a service this kiosk does not offer: staff must help.
      this.deps.log.error({ bookingId: booking.bookingId, serviceId: booking.serviceId }, 'appointment checked in for a service this kiosk does not know');
      return { outcome: 'refused', problem: 'NOT_FOUND' };
    }
    const { ticket, print } = await this.deps.issueTicket(service.id, locale, { vip: 'appointment', ticketId });
    this.deps.log.info({ bookingId: booking.bookingId, ticketId: ticket.id, number: ticket.number }, 'appointment checked in');
    return { outcome: 'checked-in', ticket, service, startsAt: booking.startsAt, print };
  }

  close(): void {
    this.stopScans();
  }

  private async scanned(text: string): Promise<void> {
    if (this.mode === 'off' || this.checking) return;
    const looksLikeOurs = text.startsWith(CHECK_IN_PREFIX);
    // On home and the service list other codes are someone else's business (or nobody's).
    if (!looksLikeOurs && this.mode !== 'asking') return;
    this.checking = true;
    try {
      this.deps.emit(await this.checkIn(text.trim(), this.locale));
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'appointment check-in failed');
      this.deps.emit({ outcome: 'refused', problem: 'OFFLINE' });
    } finally {
      this.checking = false;
    }
  }

  private path(template: string): string {
    return template.replace(':kioskId', encodeURIComponent(this.deps.kioskId));
  }

  private async ask<T>(method: 'GET' | 'POST', path: string, body: unknown, schema: z.ZodType<T>): Promise<HubAnswer<T>> {
    let reply;
    try {
      reply = await this.deps.send(method, path, body);
    } catch (err) {
      this.deps.log.debug({ err: (err as Error).message }, 'appointments: no answer from the hub');
      return { ok: false, problem: 'OFFLINE' };
    }
    const json = await reply.json().catch(() => null);
    if (reply.status === 409) {
      const refusal = appointmentErrorSchema.safeParse(json);
      if (refusal.success && refusal.data.reason) return { ok: false, problem: refusal.data.reason };
    }
    if (reply.status === 404) {
      const error = appointmentErrorSchema.safeParse(json);
      if (error.success && error.data.code === 'NOT_FOUND') return { ok: false, problem: 'NOT_FOUND' };
    }
    const parsed = reply.status >= 200 && reply.status < 300 ? schema.safeParse(json) : null;
    if (parsed?.success) return { ok: true, value: parsed.data };
    // Unenrolled, unknown to the hub, a hub error or an answer we cannot read: as good as offline.
    this.deps.log.warn({ status: reply.status, path: path.split('?')[0] }, 'appointments: unusable answer from the hub');
    return { ok: false, problem: 'OFFLINE' };
  }
}
