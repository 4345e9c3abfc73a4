// The branch ticket queue on the wire: the kiosk's `queue.ticket.issued` payload as the hub
// reads it, the staff (teller, supervisor) routes, the wall display's snapshot and the
// signed kiosk route for estimated waits. Imports nothing but zod and ./ siblings.
import { z } from 'zod';
import { branchIdSchema, errorCodeSchema, kioskIdSchema } from './hub-api.js';

export const BRANCH_QUEUE_PATHS = {
  /** POST: a ticket enters a branch queue by a staff action (tests, a greeter's VIP flag). */
  tickets: '/v1/branch-queue/tickets',
  /** GET: one ticket with its estimated wait. */
  ticket: '/v1/branch-queue/tickets/:ticketId',
  /** POST: a staff flag — a waiting ticket becomes VIP or priority-assist (or back to regular); it keeps its issue time. */
  ticketClass: '/v1/branch-queue/tickets/:ticketId/class',
  /** POST: the same staff flag by the number a greeter reads off the customer's ticket (a waiting ticket of this branch). */
  waitingClass: '/v1/branch-queue/branches/:branchId/waiting/:number/class',
  /** GET: what a wall display shows (called tickets, last calls, waiting per service). */
  snapshot: '/v1/branch-queue/branches/:branchId/snapshot',
  /** GET: estimated wait per service. */
  waits: '/v1/branch-queue/branches/:branchId/waits',
  /** GET: the branch's counters. POST (supervisor, admin): create one. */
  counters: '/v1/branch-queue/branches/:branchId/counters',
  /** PATCH (supervisor, admin): rename, change service skills. */
  counter: '/v1/branch-queue/counters/:counterId',
  /** POST: a teller's actions at a counter; each acts on the counter's current ticket. */
  counterAction: '/v1/branch-queue/counters/:counterId/:action',
  /** GET, signed by a kiosk: the estimates for its own branch, and for one of its tickets. */
  kioskWaits: '/v1/kiosks/:kioskId/branch-queue/waits',
  /** GET, signed by an enrolled device (a kiosk, or a wall display enrolled like one): its branch's snapshot; long-polls like `snapshot`. */
  kioskSnapshot: '/v1/kiosks/:kioskId/branch-queue/snapshot',
} as const;

export const TICKET_ISSUED_TYPE = 'queue.ticket.issued';

/**
 * regular: everyone. vip: recognised by card, appointment or a staff flag. priority-assist:
 * elderly and accessibility customers. Order of precedence is the hub's priority policy.
 */
export const serviceClassSchema = z.enum(['regular', 'vip', 'priority-assist']);
export type ServiceClass = z.infer<typeof serviceClassSchema>;

export const ticketStateSchema = z.enum(['waiting', 'called', 'serving', 'done', 'no-show']);
export type TicketState = z.infer<typeof ticketStateSchema>;

export const serviceIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
export const ticketNumberSchema = z.string().min(1).max(16);

/**
 * The payload the kiosk's ticket service writes (electron/host/ticket-service.node.ts).
 * Not strict: a newer kiosk may add fields. `serviceClass` is optional so kiosks that
 * predate it keep being understood (their tickets are regular).
 */
export const ticketIssuedPayloadSchema = z.object({
  ticketId: z.uuid(),
  number: ticketNumberSchema,
  serviceId: serviceIdSchema,
  issuedAt: z.iso.datetime({ offset: true }),
  branchId: branchIdSchema.optional(),
  kioskId: kioskIdSchema.optional(),
  serviceClass: serviceClassSchema.optional(),
});
export type TicketIssuedPayload = z.infer<typeof ticketIssuedPayloadSchema>;

export const counterIdSchema = z.uuid();

export const addTicketRequestSchema = z
  .object({
    ticketId: z.uuid(),
    branchId: branchIdSchema,
    serviceId: serviceIdSchema,
    number: ticketNumberSchema,
    serviceClass: serviceClassSchema.default('regular'),
    /** Defaults to the hub's now. */
    issuedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type AddTicketRequest = z.input<typeof addTicketRequestSchema>;

export const setClassRequestSchema = z.object({ serviceClass: serviceClassSchema }).strict();

export const createCounterRequestSchema = z
  .object({
    name: z.string().min(1).max(40),
    services: z.array(serviceIdSchema).min(1).max(32),
  })
  .strict();
export type CreateCounterRequest = z.infer<typeof createCounterRequestSchema>;

export const updateCounterRequestSchema = z
  .object({
    name: z.string().min(1).max(40).optional(),
    services: z.array(serviceIdSchema).min(1).max(32).optional(),
  })
  .strict();
export type UpdateCounterRequest = z.infer<typeof updateCounterRequestSchema>;

export const counterActionSchema = z.enum(['open', 'close', 'call-next', 'recall', 'no-show', 'serve', 'finish', 'transfer']);
export type CounterAction = z.infer<typeof counterActionSchema>;

/** Body of `transfer`; the other actions take none (or `{}`). */
export const transferRequestSchema = z.object({ serviceId: serviceIdSchema }).strict();

export const branchTicketSchema = z.object({
  ticketId: z.string(),
  branchId: z.string(),
  serviceId: z.string(),
  number: z.string(),
  serviceClass: serviceClassSchema,
  state: ticketStateSchema,
  issuedAt: z.string(),
  counterId: z.string().nullable(),
  counterName: z.string().nullable(),
  tellerId: z.string().nullable(),
  calledAt: z.string().nullable(),
  recalls: z.number().int().nonnegative(),
  servingAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The service it was transferred from, most recent first (empty: never transferred). */
  transferredFrom: z.array(z.string()),
});
export type BranchTicket = z.infer<typeof branchTicketSchema>;

export const counterSchema = z.object({
  counterId: z.string(),
  branchId: z.string(),
  name: z.string(),
  services: z.array(z.string()),
  open: z.boolean(),
  tellerId: z.string().nullable(),
  /** The ticket called or being served here, if any. */
  currentTicketId: z.string().nullable(),
});
export type Counter = z.infer<typeof counterSchema>;

export const serviceWaitSchema = z.object({
  serviceId: z.string(),
  waiting: z.number().int().nonnegative(),
  openCounters: z.number().int().nonnegative(),
  /** Median of recent service times, or the default when there is no history. */
  serviceSec: z.number().nonnegative(),
  /** For a ticket taken now; null when no open counter serves it (no honest number). */
  estimatedWaitSec: z.number().int().nonnegative().nullable(),
});
export type ServiceWait = z.infer<typeof serviceWaitSchema>;

export { waitMinutes } from './wait-minutes.js';

export const ticketWaitSchema = z.object({
  ticketId: z.string(),
  /** Waiting tickets of the same service that will be called first. */
  ahead: z.number().int().nonnegative(),
  estimatedWaitSec: z.number().int().nonnegative().nullable(),
});
export type TicketWait = z.infer<typeof ticketWaitSchema>;

export const ticketResponseSchema = z.object({ ticket: branchTicketSchema, wait: ticketWaitSchema.nullable() });
export type TicketResponse = z.infer<typeof ticketResponseSchema>;

export const counterActionResponseSchema = z.object({ counter: counterSchema, ticket: branchTicketSchema.nullable() });
export type CounterActionResponse = z.infer<typeof counterActionResponseSchema>;

export const callEventSchema = z.object({
  /** Orders the branch's calls; a wall display announces each seq once. */
  seq: z.number().int().positive(),
  kind: z.enum(['called', 'recalled']),
  ticketId: z.string(),
  number: z.string(),
  serviceId: z.string(),
  counterId: z.string(),
  counterName: z.string(),
  at: z.string(),
});
export type CallEvent = z.infer<typeof callEventSchema>;

export const snapshotSchema = z.object({
  branchId: z.string(),
  at: z.string(),
  /** The branch queue's version (its latest event); pass it as `after` to wait for the next change. */
  seq: z.number().int().nonnegative(),
  /** Tickets called or being served, with their counter. */
  atCounters: z.array(branchTicketSchema),
  /** Newest first. */
  lastCalls: z.array(callEventSchema),
  waits: z.array(serviceWaitSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** `after`: answer once the queue has changed after this version, or after `waitMs` anyway (long poll). */
export const snapshotQuerySchema = z
  .object({
    after: z.coerce.number().int().nonnegative().optional(),
    waitMs: z.coerce.number().int().min(0).max(25_000).optional(),
  })
  .strict();
export const SNAPSHOT_DEFAULT_WAIT_MS = 20_000;

export const waitsResponseSchema = z.object({ branchId: z.string(), waits: z.array(serviceWaitSchema) });
export type WaitsResponse = z.infer<typeof waitsResponseSchema>;

export const kioskWaitsQuerySchema = z.object({ ticketId: z.uuid().optional() }).strict();
export const kioskWaitsResponseSchema = waitsResponseSchema.extend({ ticket: ticketWaitSchema.nullable() });
export type KioskWaitsResponse = z.infer<typeof kioskWaitsResponseSchema>;

/** Why a counter action was refused; the console translates these. */
export const branchQueueRefusalSchema = z.enum([
  'COUNTER_CLOSED', // open the counter first
  'COUNTER_TAKEN', // another teller is signed on to this counter
  'COUNTER_BUSY', // a ticket is called or served here; finish or mark it first
  'NO_CURRENT_TICKET', // nothing is called or served here
  'WRONG_STATE', // e.g. finish before serve
  'SAME_SERVICE', // a transfer to the service the ticket is already in
]);
export type BranchQueueRefusal = z.infer<typeof branchQueueRefusalSchema>;

export const branchQueueErrorSchema = z.object({ code: errorCodeSchema, message: z.string(), reason: branchQueueRefusalSchema.optional() });
export type BranchQueueError = z.infer<typeof branchQueueErrorSchema>;
