// What the page sees of a bill payment (DESIGN §9): the host's journey state, one phase at a
// time, each carrying exactly its own data. The page renders it and sends the customer's
// choices; it decides nothing about money. No state ever holds a PAN, a PIN digit or a sealed
// card: only the masked number and the count of digits typed on the PIN pad.
import { z } from 'zod';
import { billerCategorySchema, billReferenceSchema, billSchema, declineReasonSchema } from '../../protocol/core-banking.js';
import { moneySchema } from '../../protocol/money.js';

const maskedPanSchema = z.string().regex(/^\d{6}\*{2,9}\d{4}$/);
const billerNameSchema = z.object({ 'zh-CN': z.string(), en: z.string() }).strict();
const billShown = { bill: billSchema, billerName: billerNameSchema };

/** Why a payment ended without money moving. */
export const billPaymentStopSchema = z.enum(['customer', 'timeout', 'card-removed', 'declined', 'device', 'hub-unreachable', 'offline-limit']);
export type BillPaymentStop = z.infer<typeof billPaymentStopSchema>;

export const payingAccountSchema = z
  .object({ accountId: z.string(), maskedNumber: z.string(), name: billerNameSchema, available: moneySchema.nullable() })
  .strict();
export type PayingAccount = z.infer<typeof payingAccountSchema>;

export const receiptStateSchema = z.enum(['printing', 'printed', 'not-printed']);

export const billPaymentStateSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('idle') }).strict(),
  /** Scan the bill's code, or pick a biller and type the account reference. */
  z.object({ phase: z.literal('bill-entry'), problem: z.enum(['unknown-bill', 'bill-already-paid', 'unreadable-code', 'hub-unreachable']).optional() }).strict(),
  z.object({ phase: z.literal('finding-bill') }).strict(),
  z.object({ phase: z.literal('bill-shown'), ...billShown }).strict(),
  /** Insert (or swipe) the card; `insertChip` after a chip card was swiped. */
  z.object({ phase: z.literal('card'), ...billShown, insertChip: z.boolean() }).strict(),
  z
    .object({ phase: z.literal('pin'), ...billShown, maskedPan: maskedPanSchema, digits: z.number().int().min(0).max(12), triesLeft: z.number().int().min(0).max(9).optional() })
    .strict(),
  z.object({ phase: z.literal('authorising'), ...billShown, maskedPan: maskedPanSchema }).strict(),
  /** The review screen: nothing has moved yet. `offline`: the payment will be stored and forwarded. */
  z
    .object({ phase: z.literal('review'), ...billShown, maskedPan: maskedPanSchema, account: payingAccountSchema.nullable(), total: moneySchema, offline: z.boolean() })
    .strict(),
  z.object({ phase: z.literal('paying'), ...billShown, maskedPan: maskedPanSchema, total: moneySchema }).strict(),
  z
    .object({
      phase: z.literal('result'),
      ...billShown,
      maskedPan: maskedPanSchema,
      total: moneySchema,
      /** `pending`: stored on the kiosk, sent to the bank when the hub is reachable again. */
      outcome: z.enum(['approved', 'pending', 'declined']),
      reference: z.string().optional(),
      reason: declineReasonSchema.optional(),
      receipt: receiptStateSchema.optional(),
    })
    .strict(),
  z.object({ phase: z.literal('stopped'), reason: billPaymentStopSchema, declined: declineReasonSchema.optional() }).strict(),
]);
export type BillPaymentState = z.infer<typeof billPaymentStateSchema>;
export type BillPaymentPhase = BillPaymentState['phase'];

export const billPaymentStatusSchema = z.object({ seq: z.number().int().nonnegative(), state: billPaymentStateSchema });
export type BillPaymentStatus = z.infer<typeof billPaymentStatusSchema>;

/** A biller as the page offers it: a tile, and the reference the customer types for it. */
export const billerChoiceSchema = z
  .object({
    billerId: z.string(),
    category: billerCategorySchema,
    name: billerNameSchema,
    referenceLabel: billerNameSchema,
    /** Digits the reference takes at most, for the number pad; the hub checks the rest. */
    maxLength: z.number().int().min(4).max(32),
    fee: moneySchema,
  })
  .strict();
export type BillerChoice = z.infer<typeof billerChoiceSchema>;

const empty = z.object({}).strict();
// contract.ts's localeSchema, restated: that file imports this one.
const sessionLocaleSchema = z.enum(['zh-CN', 'en']);
const typedReference = z.object({ billerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), reference: billReferenceSchema }).strict();

// Each request answers the journey's status at once; what the journey does next (the hub's
// answer, a card, PIN digits) arrives as `billPayment.state` events, newest seq wins.
export const billPaymentRequests = {
  'billPayment.status': { input: empty, output: billPaymentStatusSchema },
  /** Billers for the "pick a biller" tiles; `reachable: false` when the hub cannot say. */
  'billPayment.billers': { input: empty, output: z.object({ reachable: z.boolean(), billers: z.array(billerChoiceSchema).max(50) }) },
  /** The customer chose "Pay a bill": a journey for this session, in bill entry; the receipt prints in `locale`. */
  'billPayment.start': { input: z.object({ locale: sessionLocaleSchema }).strict(), output: billPaymentStatusSchema },
  /** A biller and the account number typed on the number pad (a scanned code comes from the scanner). */
  'billPayment.findBill': { input: typedReference, output: billPaymentStatusSchema },
  /** "Pay this bill": card, then PIN. */
  'billPayment.confirmBill': { input: empty, output: billPaymentStatusSchema },
  /** "Pay now" on the review screen: the payment is booked and sent; the receipt prints in `locale` (the language on screen now). */
  'billPayment.confirmPayment': { input: z.object({ locale: sessionLocaleSchema }).strict(), output: billPaymentStatusSchema },
  /** Refused (`cancelled: false`) while the money moves. */
  'billPayment.cancel': { input: empty, output: z.object({ cancelled: z.boolean(), status: billPaymentStatusSchema }) },
  /** The result was seen: the card is released and the journey ends. */
  'billPayment.finish': { input: empty, output: billPaymentStatusSchema },
} as const;

export const billPaymentEvents = {
  'billPayment.state': billPaymentStatusSchema,
} as const;
