// What the page sees of a bill payment (DESIGN §9): the host's journey state, one phase at a
// time, each carrying exactly its own data. The page renders it and sends the customer's
// choices; it decides nothing about money. No state ever holds a PAN, a PIN digit or a sealed
// card: only the masked number and the count of digits typed on the PIN pad.
import { z } from 'zod';
import { billSchema, declineReasonSchema } from '../../protocol/core-banking.js';
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
