// How a ticket enters a branch queue: from the kiosk's synced `queue.ticket.issued`
// transaction (inside the ingest transaction, so a ticket is queued exactly when its
// transaction is stored), or by a staff action. Either way one INSERT … ON CONFLICT DO
// NOTHING keyed by the ticket id: a replay enters nothing.
import { ticketIssuedPayloadSchema, TICKET_ISSUED_TYPE, type ServiceClass } from '../../protocol/branch-queue.js';
import type { TransactionItem } from '../../protocol/hub-api.js';
import type { Queryable } from '../storage/queryable.js';
import { DEFAULT_BRANCH_PRIORITY, rankMs, type BranchPriorityPolicy } from './priority.js';

export interface NewTicket {
  /** The kiosk's transaction id (or the staff-given id). */
  ticketId: string;
  /** The id the kiosk knows its ticket by; the same as ticketId for staff-entered tickets. */
  kioskTicketId: string;
  kioskId: string | null;
  branchId: string;
  serviceId: string;
  number: string;
  serviceClass: ServiceClass;
  issuedAtMs: number;
}

/**
 * True when the ticket is new. A kiosk's clock may run ahead: a ticket never counts as
 * issued after the hub received it, or a wrong clock would push its customer back.
 */
export async function enterTicket(db: Queryable, ticket: NewTicket, nowMs: number, policy: BranchPriorityPolicy = DEFAULT_BRANCH_PRIORITY): Promise<boolean> {
  const issuedAtMs = Math.min(ticket.issuedAtMs, nowMs);
  const { rows } = await db.query<{ ticket_id: string }>(
    `WITH entered AS (
       INSERT INTO branch_tickets (ticket_id, kiosk_ticket_id, kiosk_id, branch_id, service_id, number, service_class,
                                   issued_at_ms, rank_ms, state, entered_at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waiting', $10)
       ON CONFLICT DO NOTHING RETURNING ticket_id, branch_id, service_id)
     INSERT INTO branch_queue_events (branch_id, ticket_id, kind, service_id, at_ms)
     SELECT branch_id, ticket_id, 'entered', service_id, $10 FROM entered
     RETURNING ticket_id`,
    [
      ticket.ticketId, ticket.kioskTicketId, ticket.kioskId, ticket.branchId, ticket.serviceId, ticket.number, ticket.serviceClass,
      issuedAtMs, rankMs(policy, { serviceClass: ticket.serviceClass, issuedAtMs }), nowMs,
    ],
  );
  return rows.length === 1;
}

/**
 * The tickets among a kiosk's newly stored items, queued at the kiosk's registered branch
 * (not the branch the payload names: a kiosk cannot move itself). A payload that does not
 * parse stays in the transaction log and is left out of the queue; the count says how many.
 */
export async function enterIssuedTickets(
  db: Queryable,
  kioskId: string,
  stored: readonly TransactionItem[],
  nowMs: number,
  policy: BranchPriorityPolicy = DEFAULT_BRANCH_PRIORITY,
): Promise<{ entered: number; unreadable: number }> {
  const tickets = stored.filter((item) => item.type === TICKET_ISSUED_TYPE);
  const readable = tickets.flatMap((item) => {
    const payload = ticketIssuedPayloadSchema.safeParse(item.payload);
    return payload.success ? [{ item, payload: payload.data }] : [];
  });
  const unreadable = tickets.length - readable.length;
  // Nothing to queue: no query at all (the common case for every other transaction type).
  if (readable.length === 0) return { entered: 0, unreadable };
  const { rows } = await db.query<{ branch_id: string }>('SELECT branch_id FROM kiosks WHERE kiosk_id = $1', [kioskId]);
  const branchId = rows[0]?.branch_id;
  if (branchId === undefined) return { entered: 0, unreadable: tickets.length };
  let entered = 0;
  for (const { item, payload } of readable) {
    const { ticketId, number, serviceId, issuedAt, serviceClass = 'regular' } = payload;
    const isNew = await enterTicket(db, { ticketId: item.id, kioskTicketId: ticketId, kioskId, branchId, serviceId, number, serviceClass, issuedAtMs: Date.parse(issuedAt) }, nowMs, policy);
    if (isNew) entered += 1;
  }
  return { entered, unreadable };
}

/**
 * A staff flag on a waiting ticket (a greeter recognises a VIP, an elderly customer). The rank
 * is recomputed from the original issue time, so the flag counts as if given at issue.
 * 'not-waiting': already called or done, where a class no longer matters.
 */
export async function setTicketClass(db: Queryable, ticketId: string, serviceClass: ServiceClass, policy: BranchPriorityPolicy = DEFAULT_BRANCH_PRIORITY): Promise<'ok' | 'not-found' | 'not-waiting'> {
  const { rows } = await db.query<{ state: string; issued_at_ms: unknown }>('SELECT state, issued_at_ms FROM branch_tickets WHERE ticket_id = $1 FOR UPDATE', [ticketId]);
  const row = rows[0];
  if (!row) return 'not-found';
  if (row.state !== 'waiting') return 'not-waiting';
  const issuedAtMs = Number(row.issued_at_ms);
  await db.query('UPDATE branch_tickets SET service_class = $2, rank_ms = $3 WHERE ticket_id = $1', [ticketId, serviceClass, rankMs(policy, { serviceClass, issuedAtMs })]);
  return 'ok';
}
