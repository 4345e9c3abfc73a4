// Estimated waits and the wall display's snapshot, read from the tables. Figures come from
// wait-estimate.ts; this file only gathers its inputs (tickets ahead, counters open and free
// per service, recent service times through the (branch, service, finished) index).
import type { BranchTicket, CallEvent, ServiceWait, Snapshot, TicketWait } from '../../protocol/branch-queue.js';
import type { Queryable } from '../storage/queryable.js';
import { toSafeInteger } from '../storage/row-values.js';
import { listCounters } from './counters.js';
import { isoOf, TICKET_SELECT, ticketOf, type TicketRow } from './ticket-rows.js';
import { estimateWaitSec, RECENT_SERVICES, typicalServiceSec } from './wait-estimate.js';

export const LAST_CALLS = 8;

interface CounterLoad {
  open: number;
  free: number;
}

async function countersByService(db: Queryable, branchId: string): Promise<Map<string, CounterLoad>> {
  const load = new Map<string, CounterLoad>();
  for (const counter of await listCounters(db, branchId)) {
    for (const service of counter.services) {
      const entry = load.get(service) ?? { open: 0, free: 0 };
      if (counter.open) {
        entry.open += 1;
        if (!counter.currentTicketId) entry.free += 1;
      }
      load.set(service, entry);
    }
  }
  return load;
}

async function recentServiceSec(db: Queryable, branchId: string, services: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ service_id: string; service_ms: unknown }>(
    `SELECT s.service_id, x.service_ms
     FROM unnest($2::text[]) AS s(service_id)
     CROSS JOIN LATERAL (
       SELECT service_ms FROM branch_service_times
        WHERE branch_id = $1 AND service_id = s.service_id
        ORDER BY finished_at_ms DESC LIMIT $3) x`,
    [branchId, services, RECENT_SERVICES],
  );
  const samples = new Map<string, number[]>();
  for (const row of rows) samples.set(row.service_id, [...(samples.get(row.service_id) ?? []), toSafeInteger(row.service_ms)]);
  return new Map(services.map((service) => [service, typicalServiceSec(samples.get(service) ?? [])]));
}

interface BranchLoad {
  waiting: Map<string, number>;
  counters: Map<string, CounterLoad>;
  serviceSec: Map<string, number>;
}

async function branchLoad(db: Queryable, branchId: string, alsoServices: readonly string[] = []): Promise<BranchLoad> {
  const { rows } = await db.query<{ service_id: string; n: unknown }>(
    `SELECT service_id, count(*) AS n FROM branch_tickets WHERE branch_id = $1 AND state = 'waiting' GROUP BY service_id`,
    [branchId],
  );
  const waiting = new Map(rows.map((row) => [row.service_id, toSafeInteger(row.n)]));
  const counters = await countersByService(db, branchId);
  const services = [...new Set([...waiting.keys(), ...counters.keys(), ...alsoServices])].sort();
  return { waiting, counters, serviceSec: await recentServiceSec(db, branchId, services) };
}

function serviceWaits(load: BranchLoad): ServiceWait[] {
  return [...load.serviceSec.keys()].map((serviceId) => {
    const counters = load.counters.get(serviceId) ?? { open: 0, free: 0 };
    const waiting = load.waiting.get(serviceId) ?? 0;
    const serviceSec = load.serviceSec.get(serviceId)!;
    // A ticket taken now goes behind everyone waiting: its rank is the latest of its class,
    // and a higher class that would overtake it is counted when it comes.
    return { serviceId, waiting, openCounters: counters.open, serviceSec, estimatedWaitSec: estimateWaitSec({ ahead: waiting, openCounters: counters.open, freeCounters: counters.free, serviceSec }) };
  });
}

export async function branchWaits(db: Queryable, branchId: string): Promise<ServiceWait[]> {
  return serviceWaits(await branchLoad(db, branchId));
}

/** Null for a ticket that no longer waits. */
export async function ticketWait(db: Queryable, ticket: BranchTicket): Promise<TicketWait | null> {
  if (ticket.state !== 'waiting') return null;
  const { rows } = await db.query<{ n: unknown }>(
    `SELECT count(*) AS n FROM branch_tickets a, branch_tickets t
     WHERE t.ticket_id = $1 AND a.branch_id = t.branch_id AND a.service_id = t.service_id AND a.state = 'waiting'
       AND (a.rank_ms, a.issued_at_ms, a.ticket_id) < (t.rank_ms, t.issued_at_ms, t.ticket_id)`,
    [ticket.ticketId],
  );
  const ahead = toSafeInteger(rows[0]?.n ?? 0);
  const load = await branchLoad(db, ticket.branchId, [ticket.serviceId]);
  const counters = load.counters.get(ticket.serviceId) ?? { open: 0, free: 0 };
  const serviceSec = load.serviceSec.get(ticket.serviceId)!;
  return { ticketId: ticket.ticketId, ahead, estimatedWaitSec: estimateWaitSec({ ahead, openCounters: counters.open, freeCounters: counters.free, serviceSec }) };
}

interface CallRow {
  seq: unknown;
  kind: 'called' | 'recalled';
  ticket_id: string;
  number: string;
  service_id: string;
  counter_id: string;
  counter_name: string;
  at_ms: unknown;
}

async function lastCalls(db: Queryable, branchId: string): Promise<CallEvent[]> {
  const { rows } = await db.query<CallRow>(
    `SELECT e.seq, e.kind, e.ticket_id, t.number, e.service_id, e.counter_id, c.name AS counter_name, e.at_ms
     FROM branch_queue_events e
     JOIN branch_tickets t ON t.ticket_id = e.ticket_id
     JOIN branch_counters c ON c.counter_id = e.counter_id
     WHERE e.branch_id = $1 AND e.kind IN ('called', 'recalled')
     ORDER BY e.seq DESC LIMIT $2`,
    [branchId, LAST_CALLS],
  );
  return rows.map((row) => ({
    seq: toSafeInteger(row.seq),
    kind: row.kind,
    ticketId: row.ticket_id,
    number: row.number,
    serviceId: row.service_id,
    counterId: row.counter_id,
    counterName: row.counter_name,
    at: isoOf(toSafeInteger(row.at_ms)),
  }));
}

export async function latestSeq(db: Queryable, branchId: string): Promise<number> {
  const { rows } = await db.query<{ seq: unknown }>('SELECT max(seq) AS seq FROM branch_queue_events WHERE branch_id = $1', [branchId]);
  const seq = rows[0]?.seq;
  return seq === null || seq === undefined ? 0 : toSafeInteger(seq);
}

export async function branchSnapshot(db: Queryable, branchId: string, nowMs: number): Promise<Snapshot> {
  // The version first: a change landing while the rest is read makes the snapshot newer than
  // its seq says, so the next long poll answers at once rather than missing that change.
  const seq = await latestSeq(db, branchId);
  const { rows } = await db.query<TicketRow>(`${TICKET_SELECT} WHERE t.branch_id = $1 AND t.state IN ('called', 'serving') ORDER BY t.called_at_ms DESC, t.ticket_id`, [branchId]);
  return {
    branchId,
    at: isoOf(nowMs),
    seq,
    atCounters: rows.map(ticketOf),
    lastCalls: await lastCalls(db, branchId),
    waits: await branchWaits(db, branchId),
  };
}
