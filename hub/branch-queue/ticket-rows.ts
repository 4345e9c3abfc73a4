// Branch tickets and counters as SQL rows, and the wire shapes (protocol/branch-queue.ts)
// they become. pg hands bigints back as strings, PGlite as numbers: both pass through here.
import { serviceIdSchema, serviceClassSchema, ticketStateSchema, type BranchTicket, type Counter } from '../../protocol/branch-queue.js';
import { toSafeInteger } from '../storage/row-values.js';

export interface TicketRow {
  ticket_id: string;
  branch_id: string;
  service_id: string;
  number: string;
  service_class: string;
  state: string;
  issued_at_ms: unknown;
  rank_ms: unknown;
  counter_id: string | null;
  counter_name: string | null;
  teller_id: string | null;
  called_at_ms: unknown;
  recalls: unknown;
  serving_at_ms: unknown;
  finished_at_ms: unknown;
  transferred_from: unknown;
}

export const TICKET_SELECT = `
  SELECT t.ticket_id, t.branch_id, t.service_id, t.number, t.service_class, t.state, t.issued_at_ms, t.rank_ms,
         t.counter_id, c.name AS counter_name, t.teller_id, t.called_at_ms, t.recalls, t.serving_at_ms,
         t.finished_at_ms, t.transferred_from
  FROM branch_tickets t LEFT JOIN branch_counters c ON c.counter_id = t.counter_id`;

export const isoOf = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (value: unknown) => (value === null || value === undefined ? null : isoOf(toSafeInteger(value)));

export function ticketOf(row: TicketRow): BranchTicket {
  return {
    ticketId: row.ticket_id,
    branchId: row.branch_id,
    serviceId: row.service_id,
    number: row.number,
    // Parsed, not cast: the table's CHECKs hold these, but a wrong value must fail loudly here.
    serviceClass: serviceClassSchema.parse(row.service_class),
    state: ticketStateSchema.parse(row.state),
    issuedAt: isoOf(toSafeInteger(row.issued_at_ms)),
    counterId: row.counter_id,
    counterName: row.counter_name,
    tellerId: row.teller_id,
    calledAt: isoOrNull(row.called_at_ms),
    recalls: toSafeInteger(row.recalls),
    servingAt: isoOrNull(row.serving_at_ms),
    finishedAt: isoOrNull(row.finished_at_ms),
    transferredFrom: serviceIdSchema.array().catch([]).parse(row.transferred_from),
  };
}

export interface CounterRow {
  counter_id: string;
  branch_id: string;
  name: string;
  services: unknown;
  is_open: boolean;
  teller_id: string | null;
  current_ticket_id: string | null;
}

export const COUNTER_COLUMNS = 'counter_id, branch_id, name, services, is_open, teller_id, current_ticket_id';

export function counterOf(row: CounterRow): Counter {
  return {
    counterId: row.counter_id,
    branchId: row.branch_id,
    name: row.name,
    services: serviceIdSchema.array().catch([]).parse(row.services),
    open: row.is_open,
    tellerId: row.teller_id,
    currentTicketId: row.current_ticket_id,
  };
}
