// The queue-ticket journey on the host: allocate a kiosk-prefixed number, record it in the
// outbox in the same transaction, then print. A ticket exists once it is stored; a printer
// failure is reported to the customer with the number on screen, never loses the ticket.
import { v7 as uuidv7 } from 'uuid';
import { BridgeError, printFailureCodeSchema, type Locale, type PrintFailureCode, type PrintOutcome, type QueueService, type Ticket } from '../bridge/contract.js';
import type { HostConfig } from './config.js';
import type { DeviceManager } from './device-manager.node.js';
import { DeviceCallError } from './devices/device-handle.js';
import type { HostLogger } from './log.node.js';
import type { Outbox } from './outbox.node.js';
import type { SqliteDb } from './sqlite.node.js';
import type { NewTicketWait } from './queue-waits.node.js';
import { businessDate, formatTicketNumber } from './ticket-numbers.js';
import { ticketReceipt } from './ticket-receipt.js';

/** The printer's own refusal codes, narrowed to what the page can explain. */
function failureCode(code: string): PrintFailureCode {
  const known = printFailureCodeSchema.safeParse(code);
  return known.success ? known.data : 'IO';
}

interface TicketRow {
  id: string;
  number: string;
  service_id: string;
  issued_at: string;
}

export const TICKET_ISSUED = 'queue.ticket.issued';

export class TicketService {
  constructor(
    private readonly deps: {
      db: SqliteDb;
      outbox: Outbox;
      devices: DeviceManager;
      services: () => readonly QueueService[];
      config: HostConfig;
      log: HostLogger;
      onEnqueued: () => void;
      /** The branch queue's wait for a ticket taken now (queue-waits.node.ts); absent: the ticket says nothing of it. */
      waits?: { forNewTicket(serviceId: string): Promise<NewTicketWait | null> };
    },
  ) {}

  private async waitFor(serviceId: string): Promise<Pick<Ticket, 'ahead' | 'estimatedWaitSec'>> {
    const wait = await this.deps.waits?.forNewTicket(serviceId).catch(() => null);
    return wait ? { ahead: wait.ahead, estimatedWaitSec: wait.estimatedWaitSec } : { ahead: null, estimatedWaitSec: null };
  }

  /**
   * `vip`: served as VIP though the service is not (an appointment checked in, a VIP card);
   * `ticketId`: the id the hub already knows the ticket by (an appointment's check-in names it).
   */
  async issue(serviceId: string, locale: Locale, opts: { priority?: boolean; now?: Date; vip?: 'appointment' | 'card'; ticketId?: string } = {}): Promise<{ ticket: Ticket; print: PrintOutcome }> {
    const now = opts.now ?? new Date();
    // A VIP service is served first already; priority matters for the others.
    const service = this.service(serviceId);
    const vip = opts.vip !== undefined && !service.vip ? opts.vip : undefined;
    const priority = opts.priority === true && !service.vip && vip === undefined;
    const { db, outbox, config } = this.deps;
    const date = businessDate(now);
    // Asked before the transaction: a slow hub never holds the store (it is bounded anyway).
    const wait = await this.waitFor(service.id);
    const ticket = await db.transaction(async () => {
      const row = await db.get<{ last: number | null }>('SELECT MAX(counter) AS last FROM tickets WHERE business_date = ? AND service_id = ?', [date, service.id]);
      const counter = (row?.last ?? 0) + 1;
      // serviceClass (protocol/branch-queue.ts) orders the hub's branch queue; a VIP service's tickets are VIP.
      const t: Ticket = { id: opts.ticketId ?? uuidv7(), number: formatTicketNumber(service.prefix, config.ticketPrefix, counter), serviceId: service.id, issuedAt: now.toISOString(), ...wait, ...(priority ? { priority: true } : {}), ...(vip ? { vip } : {}) };
      await db.run('INSERT INTO tickets (id, number, service_id, business_date, counter, issued_at) VALUES (?, ?, ?, ?, ?, ?)', [t.id, t.number, t.serviceId, date, counter, t.issuedAt]);
      await outbox.insert(TICKET_ISSUED, { ticketId: t.id, number: t.number, serviceId: t.serviceId, businessDate: date, issuedAt: t.issuedAt, kioskId: config.kioskId, branchId: config.branchId, locale, ...(service.vip || vip ? { serviceClass: 'vip' } : priority ? { serviceClass: 'priority-assist' } : {}) });
      return t;
    });
    this.deps.log.info({ ticketId: ticket.id, number: ticket.number, serviceId: service.id, ahead: ticket.ahead, estimatedWaitSec: ticket.estimatedWaitSec }, 'ticket issued');
    this.deps.onEnqueued();
    return { ticket, print: await this.print(ticket, service, locale) };
  }

  async reprint(ticketId: string, locale: Locale): Promise<PrintOutcome> {
    const row = await this.deps.db.get<TicketRow>('SELECT id, number, service_id, issued_at FROM tickets WHERE id = ?', [ticketId]);
    if (!row) throw new BridgeError('NOT_FOUND', 'no such ticket');
    // The queue moved since it was issued: the reprint says how things stand now.
    const ticket: Ticket = { id: row.id, number: row.number, serviceId: row.service_id, issuedAt: row.issued_at, ...(await this.waitFor(row.service_id)) };
    return this.print(ticket, this.service(row.service_id), locale);
  }

  private service(id: string): QueueService {
    const service = this.deps.services().find((s) => s.id === id);
    if (!service) throw new BridgeError('NOT_FOUND', `no queue service ${id}`);
    return service;
  }

  private async print(ticket: Ticket, service: QueueService, locale: Locale): Promise<PrintOutcome> {
    const role = this.deps.devices.roleOf('receipt-printer');
    if (!role) return { printed: false, code: 'DEVICE_UNAVAILABLE' };
    const doc = ticketReceipt({ ticket, service, branchName: this.deps.config.branchName, kioskId: this.deps.config.kioskId, locale });
    let outcome: PrintOutcome;
    try {
      const result = await this.deps.devices.print(role, doc);
      outcome = result.printed ? { printed: true } : { printed: false, code: failureCode(result.code) };
    } catch (err) {
      outcome = { printed: false, code: err instanceof DeviceCallError ? failureCode(err.code) : 'IO' };
      if (!(err instanceof DeviceCallError)) this.deps.log.error({ err, ticketId: ticket.id }, 'ticket print failed unexpectedly');
    }
    await this.deps.db.run('UPDATE tickets SET print_state = ? WHERE id = ?', [outcome.printed ? 'printed' : `failed:${outcome.code}`, ticket.id]);
    this.deps.log.info({ ticketId: ticket.id, number: ticket.number, printed: outcome.printed, code: outcome.code }, outcome.printed ? 'ticket printed' : 'ticket not printed');
    return outcome;
  }
}
