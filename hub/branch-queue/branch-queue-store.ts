// Everything the branch-queue routes need, over either engine (PGlite, PostgreSQL), on one
// clock. The queue's state lives only in the database, so any number of hub instances on
// one PostgreSQL can serve the same branch.
import type {
  BranchTicket,
  Counter,
  CounterAction,
  CreateCounterRequest,
  KioskWaitsResponse,
  ServiceClass,
  ServiceWait,
  Snapshot,
  TicketWait,
  UpdateCounterRequest,
} from '../../protocol/branch-queue.js';
import type { Clock } from '../assist/clock.js';
import { migrate } from '../storage/migrations.js';
import type { Database } from '../storage/queryable.js';
import { performCounterAction, ticketById, type ActionOutcome, type Actor } from './counter-actions.js';
import { createCounter, listCounters, updateCounter, type CounterWrite } from './counters.js';
import { checkBranchPriority, DEFAULT_BRANCH_PRIORITY, type BranchPriorityPolicy } from './priority.js';
import { enterTicket, setTicketClass, type NewTicket } from './tickets.js';
import { BranchChanges } from './change-wait.js';
import { branchSnapshot, branchWaits, latestSeq, ticketWait } from './waits.js';

export type { ActionOutcome, Actor } from './counter-actions.js';

export interface BranchQueueStore {
  /** True when the ticket is new (a replay enters nothing). */
  enterTicket(ticket: Omit<NewTicket, 'issuedAtMs'> & { issuedAtMs?: number }): Promise<boolean>;
  ticket(ticketId: string): Promise<{ ticket: BranchTicket; wait: TicketWait | null } | null>;
  setTicketClass(ticketId: string, serviceClass: ServiceClass): Promise<'ok' | 'not-found' | 'not-waiting'>;
  /** The waiting ticket of a branch with this number (the latest issued, should a number repeat); null: none waits. */
  waitingTicketId(branchId: string, number: string): Promise<string | null>;
  createCounter(branchId: string, input: CreateCounterRequest): Promise<CounterWrite>;
  updateCounter(counterId: string, patch: UpdateCounterRequest): Promise<CounterWrite>;
  counters(branchId: string): Promise<Counter[]>;
  act(counterId: string, action: CounterAction, actor: Actor, transferTo?: string): Promise<ActionOutcome>;
  waits(branchId: string): Promise<ServiceWait[]>;
  snapshot(branchId: string): Promise<Snapshot>;
  /** The branch queue's version: its latest event's seq, 0 before any. */
  latestSeq(branchId: string): Promise<number>;
  /** Wakes long polls on this instance; other instances' polls see changes by polling. */
  readonly changes: BranchChanges;
  /** The kiosk's branch and, when given, one of its own tickets (by the id the kiosk knows). Null: unknown kiosk. */
  kioskWaits(kioskId: string, kioskTicketId?: string): Promise<KioskWaitsResponse | null>;
  /** The branch a kiosk is registered at; null for an unknown kiosk. */
  kioskBranch(kioskId: string): Promise<string | null>;
}

async function kioskBranch(db: Database, kioskId: string): Promise<string | null> {
  const { rows } = await db.query<{ branch_id: string }>('SELECT branch_id FROM kiosks WHERE kiosk_id = $1', [kioskId]);
  return rows[0]?.branch_id ?? null;
}

export async function createBranchQueueStore(db: Database, clock: Clock, policy: BranchPriorityPolicy = DEFAULT_BRANCH_PRIORITY): Promise<BranchQueueStore> {
  checkBranchPriority(policy);
  await migrate(db);
  const changes = new BranchChanges();
  return {
    changes,
    async enterTicket(ticket) {
      const now = clock.now();
      const isNew = await enterTicket(db, { ...ticket, issuedAtMs: ticket.issuedAtMs ?? now }, now, policy);
      if (isNew) changes.notify(ticket.branchId);
      return isNew;
    },
    async ticket(ticketId) {
      const ticket = await ticketById(db, ticketId);
      return ticket ? { ticket, wait: await ticketWait(db, ticket) } : null;
    },
    async setTicketClass(ticketId, serviceClass) {
      const result = await db.transaction((tx) => setTicketClass(tx, ticketId, serviceClass, policy));
      if (result === 'ok') {
        const found = await ticketById(db, ticketId);
        if (found) changes.notify(found.branchId);
      }
      return result;
    },
    async waitingTicketId(branchId, number) {
      const { rows } = await db.query<{ ticket_id: string }>("SELECT ticket_id FROM branch_tickets WHERE branch_id = $1 AND number = $2 AND state = 'waiting' ORDER BY issued_at_ms DESC LIMIT 1", [branchId, number]);
      return rows[0]?.ticket_id ?? null;
    },
    async createCounter(branchId, input) {
      const result = await createCounter(db, branchId, input, clock.now());
      if (result.ok) changes.notify(branchId);
      return result;
    },
    async updateCounter(counterId, patch) {
      const result = await updateCounter(db, counterId, patch, clock.now());
      if (result.ok) changes.notify(result.counter.branchId);
      return result;
    },
    counters: (branchId) => listCounters(db, branchId),
    async act(counterId, action, actor, transferTo) {
      const outcome = await performCounterAction(db, counterId, action, actor, clock.now(), transferTo);
      if (outcome.ok) changes.notify(outcome.counter.branchId);
      return outcome;
    },
    waits: (branchId) => branchWaits(db, branchId),
    snapshot: (branchId) => branchSnapshot(db, branchId, clock.now()),
    latestSeq: (branchId) => latestSeq(db, branchId),
    kioskBranch: (kioskId) => kioskBranch(db, kioskId),
    async kioskWaits(kioskId, kioskTicketId) {
      const branchId = await kioskBranch(db, kioskId);
      if (branchId === null) return null;
      let ticket: TicketWait | null = null;
      if (kioskTicketId) {
        const found = await db.query<{ ticket_id: string }>('SELECT ticket_id FROM branch_tickets WHERE kiosk_ticket_id = $1 AND kiosk_id = $2', [kioskTicketId, kioskId]);
        const own = found.rows[0] ? await ticketById(db, found.rows[0].ticket_id) : null;
        // Answered by the kiosk's id for its ticket, not the hub's.
        const wait = own ? await ticketWait(db, own) : null;
        ticket = wait ? { ...wait, ticketId: kioskTicketId } : null;
      }
      return { branchId, waits: await branchWaits(db, branchId), ticket };
    },
  };
}
