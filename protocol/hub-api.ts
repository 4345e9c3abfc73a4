// The hub's v1 wire format, shared with the kiosk's sync engine. Both sides validate
// against these schemas, so this file may import nothing but zod and other pure files:
// the kiosk bundles it.
import { z } from 'zod';
import { queueServiceSchema } from './queue-service.js';
import { isStorableJson, isStorableTimestamp } from './storable-values.js';

export const HUB_API_PATHS = {
  health: '/health',
  registerKiosk: '/v1/kiosks/register',
  kiosks: '/v1/kiosks',
  transactions: '/v1/transactions',
  enrollKiosk: '/v1/kiosks/enroll',
  adminEnrollmentCodes: '/v1/admin/enrollment-codes',
  adminAuthFailures: '/v1/admin/auth-failures',
  adminRevokeKiosk: '/v1/admin/kiosks/:kioskId/revoke',
  staffTransactions: '/v1/staff/transactions',
  staffKiosks: '/v1/staff/kiosks',
  staffKioskGaps: '/v1/staff/kiosks/:kioskId/gaps',
  kioskChanges: '/v1/kiosks/:kioskId/changes',
  kioskIceServers: '/v1/kiosks/:kioskId/ice-servers',
  adminChanges: '/v1/admin/changes',
} as const;

export const MAX_BATCH_ITEMS = 500;
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_LIST_LIMIT = 1000;
const INT4_MAX = 2_147_483_647;

/** Stable error codes; clients branch and translate on these, never on messages. */
export const errorCodeSchema = z.enum([
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_KIOSK',
  'INVALID_ITEM',
  'CONFLICT',
  'NOT_FOUND',
  'INTERNAL',
  /** No, or no valid, credentials: unsigned, badly signed, replayed, expired, wrong token. */
  'UNAUTHORIZED',
  /** Valid credentials that do not allow this, or an enrollment code that cannot be used. */
  'FORBIDDEN',
  /** Too many attempts (staff login); retry after a pause. */
  'RATE_LIMITED',
  /** A system behind the hub (the bank's core system) did not answer; retry later with the same idempotency key. */
  'UNAVAILABLE',
  /** The first call with this idempotency key is still running; retry shortly with the same key. */
  'IN_PROGRESS',
  /** This idempotency key was already used for a different request; never retried as is. */
  'IDEMPOTENCY_CONFLICT',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({ code: errorCodeSchema, message: z.string() });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const dbKindSchema = z.enum(['pglite', 'postgres']);
export type DbKind = z.infer<typeof dbKindSchema>;

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: dbKindSchema,
  version: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const kioskIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
export const branchIdSchema = z.string().min(1).max(64);

export const registerKioskRequestSchema = z
  .object({
    kioskId: kioskIdSchema,
    branchId: branchIdSchema,
    name: z.string().min(1).max(120).optional(),
    version: z.string().min(1).max(40).optional(),
  })
  .strict();
export type RegisterKioskRequest = z.infer<typeof registerKioskRequestSchema>;

/** 201 on first registration, 200 on re-registration. */
export const registerKioskResponseSchema = z.object({
  kioskId: z.string(),
  branchId: z.string(),
  registeredAt: z.string(),
});
export type RegisterKioskResponse = z.infer<typeof registerKioskResponseSchema>;

export const transactionItemSchema = z
  .object({
    id: z.uuid(),
    /** Per-kiosk sequence number; unique per kiosk, the order of the hub's listing. */
    seq: z.number().int().positive(),
    type: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/),
    schemaVersion: z.number().int().positive().max(INT4_MAX),
    createdAt: z.iso
      .datetime({ offset: true })
      .refine(isStorableTimestamp, 'must have a year after 0000 and a UTC offset within ±15:59'),
    payload: z
      .record(z.string(), z.unknown())
      .refine(isStorableJson, 'must not contain NUL characters or unpaired surrogates'),
  })
  .strict();
export type TransactionItem = z.infer<typeof transactionItemSchema>;

/**
 * What the hub checks first, strictly. Items stay `unknown` here because each one is then
 * validated on its own, so one malformed item cannot sink the rest of its batch.
 */
export const transactionBatchEnvelopeSchema = z
  .object({
    kioskId: kioskIdSchema,
    items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS),
    /** How many items the kiosk still holds after this batch; shown to staff. */
    backlogHint: z.number().int().nonnegative().max(INT4_MAX).optional(),
  })
  .strict();

/** The batch a well-behaved kiosk sends: the envelope with every item valid. */
export const transactionBatchRequestSchema = transactionBatchEnvelopeSchema.extend({
  items: z.array(transactionItemSchema).min(1).max(MAX_BATCH_ITEMS),
});
export type TransactionBatchRequest = z.infer<typeof transactionBatchRequestSchema>;

export const itemStatusSchema = z.enum(['stored', 'duplicate', 'rejected']);
export type ItemStatus = z.infer<typeof itemStatusSchema>;

export const itemResultSchema = z.object({
  /** The id as sent, or null when the item carried no usable string id. */
  id: z.string().nullable(),
  index: z.number().int().nonnegative(),
  status: itemStatusSchema,
  code: z.enum(['INVALID_ITEM', 'CONFLICT']).optional(),
  message: z.string().optional(),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

/** One result per item, in the order of the request's items. */
export const transactionBatchResponseSchema = z.object({ results: z.array(itemResultSchema) });
export type TransactionBatchResponse = z.infer<typeof transactionBatchResponseSchema>;

export const listTransactionsQuerySchema = z.object({
  kioskId: kioskIdSchema,
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(100),
  afterSeq: z.coerce.number().int().nonnegative().default(0),
});
export type ListTransactionsQuery = z.infer<typeof listTransactionsQuerySchema>;

export const storedTransactionSchema = z.object({
  id: z.string(),
  kioskId: z.string(),
  seq: z.number().int().positive(),
  type: z.string(),
  schemaVersion: z.number().int().positive(),
  /** Normalised to UTC (`…Z`), whatever offset the kiosk sent. */
  createdAt: z.string(),
  receivedAt: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type StoredTransaction = z.infer<typeof storedTransactionSchema>;

/** Ordered by seq ascending. */
export const listTransactionsResponseSchema = z.object({ items: z.array(storedTransactionSchema) });
export type ListTransactionsResponse = z.infer<typeof listTransactionsResponseSchema>;

export const kioskSummarySchema = z.object({
  kioskId: z.string(),
  branchId: z.string(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  registeredAt: z.string(),
  lastSeenAt: z.string(),
  /** Highest seq stored for this kiosk, 0 before its first transaction. */
  lastSeq: z.number().int().nonnegative(),
  backlogHint: z.number().int().nonnegative().optional(),
});
export type KioskSummary = z.infer<typeof kioskSummarySchema>;

export const listKiosksResponseSchema = z.object({ kiosks: z.array(kioskSummarySchema) });
export type ListKiosksResponse = z.infer<typeof listKiosksResponseSchema>;

// ── Hub → kiosk changes ────────────────────────────────────────────────────────────────
// Config, catalogs and counters the hub publishes and each kiosk pulls by cursor. Admins
// publish an item to every kiosk, to one branch or to one kiosk; a kiosk sees, per
// (kind, key), the value of the most specific of those scopes that holds one.

export const changeKindSchema = z.enum(['config', 'catalog', 'ticket-counter']);
export type ChangeKind = z.infer<typeof changeKindSchema>;

/** e.g. `queue.services`, a catalog entry id, a `serviceId:businessDate` counter. */
export const changeKeySchema = z.string().min(1).max(200);

export const changeItemSchema = z.object({
  kind: changeKindSchema,
  key: changeKeySchema,
  /**
   * Monotonic per (kind, key) for a kiosk, across scopes: a stale item never overwrites a
   * newer one. (The hub sends the position of the change in its log, not the per-scope
   * version an admin sees.)
   */
  version: z.number().int().nonnegative(),
  /** null means no scope holds a value for this kiosk any more: deleted. */
  value: z.unknown().nullable(),
});
export type ChangeItem = z.infer<typeof changeItemSchema>;

export const changesResponseSchema = z.object({
  items: z.array(changeItemSchema),
  /** Opaque to the kiosk; sent back verbatim as `?cursor=`. */
  cursor: z.string().min(1).max(500),
  hasMore: z.boolean(),
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;

export const MAX_CHANGES_LIMIT = MAX_LIST_LIMIT;

/** No cursor: from the beginning. The cursor's format is the hub's business (change-queries). */
export const changesQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CHANGES_LIMIT).default(100),
});
export type ChangesQuery = z.infer<typeof changesQuerySchema>;

export const changesPath = (kioskId: string, cursor: string | null, limit: number) =>
  `${HUB_API_PATHS.kioskChanges.replace(':kioskId', encodeURIComponent(kioskId))}?${new URLSearchParams({ ...(cursor ? { cursor } : {}), limit: String(limit) }).toString()}`;

/** The catalog item holding the branch's queue services (`catalog` kind). */
export const QUEUE_SERVICES_KEY = 'queue.services';
/** What a ticket request accepts as a service id (`queue.issueTicket` in the bridge contract). */
const MAX_SERVICE_ID_LENGTH = 40;

/**
 * A catalog the kiosk can issue tickets from: the bridge's service shape, plus what the
 * shape alone does not say — ids a ticket request can name, and no two services sharing
 * an id or a prefix (the prefix starts every ticket number, so a shared one would print
 * the same number for two queues).
 */
export const queueCatalogSchema = z
  .array(queueServiceSchema)
  .min(1)
  .max(100)
  .superRefine((services, ctx) => {
    const ids = new Set<string>();
    const prefixes = new Set<string>();
    services.forEach((service, index) => {
      if (service.id.length < 1 || service.id.length > MAX_SERVICE_ID_LENGTH) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `must be 1 to ${MAX_SERVICE_ID_LENGTH} characters` });
      if (ids.has(service.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'is used by an earlier service' });
      if (prefixes.has(service.prefix)) ctx.addIssue({ code: 'custom', path: [index, 'prefix'], message: 'is used by an earlier service' });
      ids.add(service.id);
      prefixes.add(service.prefix);
    });
  });

/** Items whose value has a known shape; the hub refuses to publish anything else there. */
const knownValueSchemas: Partial<Record<ChangeKind, Record<string, z.ZodType>>> = {
  catalog: { [QUEUE_SERVICES_KEY]: queueCatalogSchema },
};

export function changeValueSchema(kind: ChangeKind, key: string): z.ZodType | undefined {
  return knownValueSchemas[kind]?.[key];
}

export const changeScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('branch'), branchId: branchIdSchema }).strict(),
  z.object({ kind: z.literal('kiosk'), kioskId: kioskIdSchema }).strict(),
]);
export type ChangeScope = z.infer<typeof changeScopeSchema>;

/** `PUT /v1/admin/changes`. A null value deletes the item from that scope. */
export const publishChangeRequestSchema = z
  .object({
    scope: changeScopeSchema,
    kind: changeKindSchema,
    key: changeKeySchema,
    value: z.json().refine(isStorableJson, 'must not contain NUL characters or unpaired surrogates'),
  })
  .strict()
  .superRefine((change, ctx) => {
    const schema = changeValueSchema(change.kind, change.key);
    if (!schema || change.value === null) return;
    const checked = schema.safeParse(change.value);
    for (const issue of checked.error?.issues ?? []) ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
  });
export type PublishChangeRequest = z.infer<typeof publishChangeRequestSchema>;

/** 201 with the new version; 200 with the current one when the value is already published there. */
export const publishChangeResponseSchema = z.object({
  scope: changeScopeSchema,
  kind: changeKindSchema,
  key: changeKeySchema,
  /** Per (scope, kind, key), from 1. */
  version: z.number().int().positive(),
  publishedAt: z.string(),
});
export type PublishChangeResponse = z.infer<typeof publishChangeResponseSchema>;
