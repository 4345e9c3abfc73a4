// Read-only queries for bank staff: the transaction log across kiosks, the fleet's
// backlog and last contact, and holes in each kiosk's sequence. Pure, like `v1.ts`.
import { z } from 'zod';
import { isStorableTimestamp } from '../../protocol/storable-values.js';
import { kioskIdSchema, MAX_LIST_LIMIT, storedTransactionSchema } from '../../protocol/hub-api.js';

const transactionTypeSchema = z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/);
const MAX_TYPES = 20;

const isoTimeSchema = z.iso
  .datetime({ offset: true })
  .refine(isStorableTimestamp, 'must have a year after 0000 and a UTC offset within ±15:59');

export const staffTransactionsQuerySchema = z
  .object({
    kioskId: kioskIdSchema.optional(),
    /** Comma-separated transaction types (`queue.ticket,deposit.cash`); all types when absent. */
    type: z
      .string()
      .transform((text) => text.split(',').filter((part) => part !== ''))
      .pipe(z.array(transactionTypeSchema).min(1).max(MAX_TYPES))
      .optional(),
    /** Inclusive lower bound on the kiosk's `createdAt`. */
    from: isoTimeSchema.optional(),
    /** Exclusive upper bound on the kiosk's `createdAt`. */
    to: isoTimeSchema.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(100),
    /** `nextCursor` of the previous page, as given. */
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/).optional(),
  })
  .strict();
export type StaffTransactionsQuery = z.infer<typeof staffTransactionsQuerySchema>;

/** Ordered by createdAt, then kioskId, then seq. `nextCursor` is null on the last page. */
export const staffTransactionsResponseSchema = z.object({
  items: z.array(storedTransactionSchema),
  nextCursor: z.string().nullable(),
});
export type StaffTransactionsResponse = z.infer<typeof staffTransactionsResponseSchema>;

export const DEFAULT_STALE_AFTER_SECONDS = 300;

export const staffKiosksQuerySchema = z
  .object({
    branchId: z.string().min(1).max(64).optional(),
    /** A kiosk not heard from for longer than this is `stale`. */
    staleAfterSeconds: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(DEFAULT_STALE_AFTER_SECONDS),
  })
  .strict();
export type StaffKiosksQuery = z.infer<typeof staffKiosksQuerySchema>;

export const kioskStatusSchema = z.object({
  kioskId: z.string(),
  branchId: z.string(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  registeredAt: z.string(),
  lastSeenAt: z.string(),
  secondsSinceSeen: z.number().int().nonnegative(),
  stale: z.boolean(),
  /** Items the kiosk said it still held after its last batch; null if it never said. */
  backlogHint: z.number().int().nonnegative().nullable(),
  /** Highest seq stored, 0 before the first transaction. */
  lastSeq: z.number().int().nonnegative(),
  /** Holds a key, i.e. its signed requests can be accepted. */
  enrolled: z.boolean(),
});
export type KioskStatus = z.infer<typeof kioskStatusSchema>;

/** Ordered by kioskId; `at` is the hub's clock the ages were measured against. */
export const staffKiosksResponseSchema = z.object({ at: z.string(), kiosks: z.array(kioskStatusSchema) });
export type StaffKiosksResponse = z.infer<typeof staffKiosksResponseSchema>;

export const kioskGapsParamsSchema = z.object({ kioskId: kioskIdSchema }).strict();

export const kioskGapsQuerySchema = z
  .object({
    /** Look only above this seq; pass the previous page's `nextAfterSeq`. */
    afterSeq: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(100),
  })
  .strict();
export type KioskGapsQuery = z.infer<typeof kioskGapsQuerySchema>;

export const seqGapSchema = z.object({
  fromSeq: z.number().int().positive(),
  toSeq: z.number().int().positive(),
  count: z.number().int().positive(),
});
export type SeqGap = z.infer<typeof seqGapSchema>;

/**
 * Missing seq ranges between 1 and `lastSeq`. What lies above `lastSeq` cannot be known
 * from the hub; `backlogHint` on the kiosk status says how much the kiosk still holds.
 */
export const kioskGapsResponseSchema = z.object({
  kioskId: z.string(),
  lastSeq: z.number().int().nonnegative(),
  storedCount: z.number().int().nonnegative(),
  gaps: z.array(seqGapSchema),
  /** Non-null when more gaps follow: ask again with `afterSeq` set to it. */
  nextAfterSeq: z.number().int().positive().nullable(),
});
export type KioskGapsResponse = z.infer<typeof kioskGapsResponseSchema>;
