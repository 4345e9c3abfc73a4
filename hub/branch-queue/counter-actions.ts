// What a teller does at a counter, each action one database transaction that starts by
// locking the counter's row: two presses at one counter run one after the other, and the
// second sees what the first did. "Call next" then takes the first waiting ticket in the
// order of priority.ts that the counter serves, skipping tickets another counter's
// transaction holds (FOR UPDATE SKIP LOCKED): two counters pressing at the same instant get
// different tickets and neither waits for the other.
import type { BranchQueueRefusal, BranchTicket, Counter, CounterAction, TicketState } from '../../protocol/branch-queue.js';
import type { StaffRole } from '../../protocol/assist-values.js';
import type { Database, Queryable } from '../storage/queryable.js';
import { counterById, recordCounterChange } from './counters.js';
import { TICKET_SELECT, ticketOf, type TicketRow } from './ticket-rows.js';

export interface Actor {
  staffId: string;
  role: StaffRole;
}

export type ActionOutcome =
  | { ok: true; counter: Counter; ticket: BranchTicket | null }
  | { ok: false; status: 403 | 404 | 409; code: 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT'; reason?: BranchQueueRefusal; message: string };

type TicketAction = Extract<CounterAction, 'recall' | 'no-show' | 'serve' | 'finish' | 'transfer'>;

/** The allowed moves of a ticket at a counter: from which states, to which. */
export const TICKET_MOVES: Record<TicketAction, { from: readonly TicketState[]; to: TicketState }> = {
  recall: { from: ['called'], to: 'called' },
  'no-show': { from: ['called'], to: 'no-show' },
  serve: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  // Back to waiting under another service, with its original issue time: its place is kept.
  transfer: { from: ['called', 'serving'], to: 'waiting' },
};

const refused = (status: 403 | 404 | 409, reason: BranchQueueRefusal | undefined, message: string): ActionOutcome => ({
  ok: false,
  status,
  code: status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : 'CONFLICT',
  ...(reason ? { reason } : {}),
  message,
});

const oversees = (role: StaffRole) => role === 'supervisor' || role === 'admin';

export async function ticketById(db: Queryable, ticketId: string, forUpdate = false): Promise<BranchTicket | null> {
  const { rows } = await db.query<TicketRow>(`${TICKET_SELECT} WHERE t.ticket_id = $1${forUpdate ? ' FOR UPDATE OF t' : ''}`, [ticketId]);
  return rows[0] ? ticketOf(rows[0]) : null;
}

async function recordEvent(db: Queryable, ticket: { ticketId: string; branchId: string; serviceId: string }, kind: string, counterId: string | null, tellerId: string | null, nowMs: number): Promise<void> {
  await db.query(
    'INSERT INTO branch_queue_events (branch_id, ticket_id, kind, service_id, counter_id, teller_id, at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [ticket.branchId, ticket.ticketId, kind, ticket.serviceId, counterId, tellerId, nowMs],
  );
}

async function setCurrent(db: Queryable, counterId: string, ticketId: string | null, nowMs: number): Promise<void> {
  await db.query('UPDATE branch_counters SET current_ticket_id = $2, updated_at_ms = $3 WHERE counter_id = $1', [counterId, ticketId, nowMs]);
}

async function callNext(tx: Queryable, counter: Counter, actor: Actor, nowMs: number): Promise<BranchTicket | null> {
  // The outer `state = 'waiting'` is belt and braces: the locking subquery already re-checks
  // a row that changed after this statement's snapshot and moves on to the next one.
  const { rows } = await tx.query<{ ticket_id: string }>(
    `UPDATE branch_tickets SET state = 'called', counter_id = $2, teller_id = $3, called_at_ms = $4
     WHERE state = 'waiting' AND ticket_id = (
       SELECT ticket_id FROM branch_tickets
        WHERE branch_id = $1 AND state = 'waiting' AND service_id = ANY($5::text[])
        ORDER BY rank_ms, issued_at_ms, ticket_id
        LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING ticket_id`,
    [counter.branchId, counter.counterId, actor.staffId, nowMs, counter.services],
  );
  const ticketId = rows[0]?.ticket_id;
  if (!ticketId) return null;
  await setCurrent(tx, counter.counterId, ticketId, nowMs);
  const ticket = await ticketById(tx, ticketId);
  if (!ticket) throw new Error('branch queue: a called ticket vanished inside its transaction');
  await recordEvent(tx, ticket, 'called', counter.counterId, actor.staffId, nowMs);
  return ticket;
}

async function moveTicket(tx: Queryable, counter: Counter, action: TicketAction, actor: Actor, nowMs: number, transferTo: string | undefined): Promise<ActionOutcome> {
  if (!counter.currentTicketId) return refused(409, 'NO_CURRENT_TICKET', 'nothing is called or served at this counter');
  const ticket = await ticketById(tx, counter.currentTicketId, true);
  if (!ticket) throw new Error('branch queue: a counter points at a ticket that does not exist');
  const move = TICKET_MOVES[action];
  if (!move.from.includes(ticket.state)) return refused(409, 'WRONG_STATE', `cannot ${action} a ticket that is ${ticket.state}`);
  let eventService = ticket.serviceId;
  switch (action) {
    case 'recall':
      await tx.query('UPDATE branch_tickets SET recalls = recalls + 1 WHERE ticket_id = $1', [ticket.ticketId]);
      break;
    case 'serve':
      await tx.query(`UPDATE branch_tickets SET state = 'serving', serving_at_ms = $2 WHERE ticket_id = $1`, [ticket.ticketId, nowMs]);
      break;
    case 'no-show':
      await tx.query(`UPDATE branch_tickets SET state = 'no-show', finished_at_ms = $2 WHERE ticket_id = $1`, [ticket.ticketId, nowMs]);
      await setCurrent(tx, counter.counterId, null, nowMs);
      break;
    case 'finish':
      await tx.query(`UPDATE branch_tickets SET state = 'done', finished_at_ms = $2 WHERE ticket_id = $1`, [ticket.ticketId, nowMs]);
      await tx.query(
        `INSERT INTO branch_service_times (ticket_id, branch_id, service_id, counter_id, finished_at_ms, service_ms)
         SELECT ticket_id, branch_id, service_id, $2, $3, GREATEST(0, $3 - serving_at_ms) FROM branch_tickets WHERE ticket_id = $1
         ON CONFLICT (ticket_id) DO NOTHING`,
        [ticket.ticketId, counter.counterId, nowMs],
      );
      await setCurrent(tx, counter.counterId, null, nowMs);
      break;
    case 'transfer':
      if (!transferTo) throw new Error('branch queue: transfer without a service');
      if (transferTo === ticket.serviceId) return refused(409, 'SAME_SERVICE', `the ticket is already in ${transferTo}`);
      await tx.query(
        `UPDATE branch_tickets SET state = 'waiting', service_id = $2, counter_id = NULL, teller_id = NULL, called_at_ms = NULL,
                recalls = 0, serving_at_ms = NULL, transferred_from = jsonb_build_array(service_id) || transferred_from
         WHERE ticket_id = $1`,
        [ticket.ticketId, transferTo],
      );
      await setCurrent(tx, counter.counterId, null, nowMs);
      eventService = transferTo;
      break;
  }
  const kind = action === 'recall' ? 'recalled' : action === 'finish' ? 'done' : action === 'serve' ? 'serving' : action === 'transfer' ? 'transferred' : 'no-show';
  await recordEvent(tx, { ...ticket, serviceId: eventService }, kind, counter.counterId, actor.staffId, nowMs);
  return { ok: true, counter: (await counterById(tx, counter.counterId))!, ticket: await ticketById(tx, ticket.ticketId) };
}

export async function performCounterAction(
  db: Database,
  counterId: string,
  action: CounterAction,
  actor: Actor,
  nowMs: number,
  transferTo?: string,
): Promise<ActionOutcome> {
  return db.transaction(async (tx) => {
    const counter = await counterById(tx, counterId, true);
    if (!counter) return refused(404, undefined, 'no such counter');
    const mine = counter.tellerId === actor.staffId;
    if (action === 'open') {
      if (counter.tellerId !== null && !mine && !oversees(actor.role)) return refused(409, 'COUNTER_TAKEN', 'another teller is signed on to this counter');
      await tx.query('UPDATE branch_counters SET is_open = true, teller_id = $2, updated_at_ms = $3 WHERE counter_id = $1', [counterId, actor.staffId, nowMs]);
      await recordCounterChange(tx, counter, actor.staffId, nowMs);
      return { ok: true, counter: (await counterById(tx, counterId))!, ticket: null };
    }
    if (!counter.open) return refused(409, 'COUNTER_CLOSED', 'open the counter first');
    if (!mine && !oversees(actor.role)) return refused(403, 'COUNTER_TAKEN', 'another teller is signed on to this counter');
    if (action === 'close') {
      if (counter.currentTicketId) return refused(409, 'COUNTER_BUSY', 'finish, transfer or mark the current ticket before closing');
      await tx.query('UPDATE branch_counters SET is_open = false, teller_id = NULL, updated_at_ms = $2 WHERE counter_id = $1', [counterId, nowMs]);
      await recordCounterChange(tx, counter, actor.staffId, nowMs);
      return { ok: true, counter: (await counterById(tx, counterId))!, ticket: null };
    }
    if (action === 'call-next') {
      if (counter.currentTicketId) return refused(409, 'COUNTER_BUSY', 'finish, transfer or mark the current ticket first');
      const ticket = await callNext(tx, counter, actor, nowMs);
      return { ok: true, counter: (await counterById(tx, counterId))!, ticket };
    }
    return moveTicket(tx, counter, action, actor, nowMs, transferTo);
  });
}

