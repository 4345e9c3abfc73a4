// What the kiosk and the hub say to each other about money (DESIGN §9): billers and bills,
// card authorisation, balances and statements, bill payment. The hub's core-banking adapter
// (hub/banking/core-banking-adapter.ts) speaks these DTOs too, so a bank's own system plugs
// in behind the same shapes the kiosk already uses.
import { z } from 'zod';
import { pinBindingSchema, pinBlockSchema, sealedCardSchema, sealedIdentitySchema } from './card-security.js';
import { kioskIdSchema } from './hub-api.js';
import { currencyCodeSchema, moneySchema, positiveMoneySchema } from './money.js';

export const BANKING_PATHS = {
  cardKey: '/v1/banking/card-key',
  billers: '/v1/banking/billers',
  billLookup: '/v1/banking/bills/lookup',
  cardSessions: '/v1/banking/card-sessions',
  endCardSession: '/v1/banking/card-sessions/end',
  accounts: '/v1/banking/accounts',
  miniStatement: '/v1/banking/mini-statement',
  statement: '/v1/banking/statement',
  payments: '/v1/banking/payments',
  paymentAnswers: '/v1/banking/payments/answers',
  idChallenges: '/v1/banking/id-challenges',
  idSessions: '/v1/banking/id-sessions',
} as const;

/** Set to 'true' on a payment answer that is the stored first answer to an earlier request with the same key. */
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const localisedTextSchema = z.object({ 'zh-CN': z.string().min(1).max(200), en: z.string().min(1).max(200) }).strict();
export type LocalisedText = z.infer<typeof localisedTextSchema>;

/** Why the bank said no. Stable codes: the kiosk translates them and decides what to offer next. */
export const declineReasonSchema = z.enum([
  'insufficient-funds',
  'wrong-pin',
  'pin-tries-exceeded',
  'card-blocked',
  'card-expired',
  'unknown-card',
  /** A chip card read from its stripe: insert it instead (fallback rules). */
  'insert-chip',
  /** The sealed card did not open, or what it held does not match its outside. */
  'card-unreadable',
  /** The PIN block is under an unknown key, malformed, or bound to another card. */
  'pin-block-invalid',
  'bill-already-paid',
  'amount-mismatch',
  'unknown-bill',
  'unknown-account',
  'currency-mismatch',
  'limit-exceeded',
  /** The card session ended (timeout, card removed, another kiosk): authorise again. */
  'session-expired',
  /** An ID card whose holder has no account here (or no card whose PIN could be checked). */
  'unknown-customer',
  /** The ID card's validity has ended. */
  'id-expired',
  /** The two PINs typed for a new card differ. */
  'pin-mismatch',
  /** The dispensed card cannot be issued (already someone's, or not this bank's stock). */
  'card-not-issuable',
]);
export type DeclineReason = z.infer<typeof declineReasonSchema>;

export const declinedSchema = z
  .object({
    outcome: z.literal('declined'),
    reason: declineReasonSchema,
    /** Set with 'wrong-pin'. */
    triesLeft: z.number().int().min(0).max(9).optional(),
  })
  .strict();
export type Declined = z.infer<typeof declinedSchema>;

// ---- customers, accounts, cards -------------------------------------------------------------

export const accountKindSchema = z.enum(['current', 'savings']);

/** An account as a card holder sees it on the kiosk: the number masked, never in full. */
export const accountSummarySchema = z
  .object({
    accountId: id,
    /** e.g. "6222 **** **** 0123" */
    maskedNumber: z.string().regex(/^[\d *]{8,40}$/),
    kind: accountKindSchema,
    name: localisedTextSchema,
    available: moneySchema,
    ledger: moneySchema,
  })
  .strict();
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export const customerSchema = z
  .object({
    customerId: id,
    /** As printed on a statement; the kiosk may show it only after the PIN was verified. */
    displayName: z.string().min(1).max(120),
  })
  .strict();
export type Customer = z.infer<typeof customerSchema>;

/** `issued`: a new card linked and its PIN set, not usable until the customer took it; `voided`: one they never took. */
export const cardStatusSchema = z.enum(['active', 'blocked', 'expired', 'replacement-ordered', 'issued', 'voided']);
export type CardStatus = z.infer<typeof cardStatusSchema>;

export const cardSummarySchema = z
  .object({
    cardId: id,
    maskedPan: z.string().regex(/^\d{6}\*{2,9}\d{4}$/),
    /** YYMM */
    expiry: z.string().regex(/^\d{4}$/),
    status: cardStatusSchema,
  })
  .strict();
export type CardSummary = z.infer<typeof cardSummarySchema>;

// ---- billers and bills ----------------------------------------------------------------------

export const billerCategorySchema = z.enum(['electricity', 'water', 'gas', 'phone', 'tuition', 'other']);
export type BillerCategory = z.infer<typeof billerCategorySchema>;

/** A biller's customer reference: what the customer types (account number at the utility, phone number, student id). */
export const billReferenceSchema = z.string().regex(/^[A-Za-z0-9-]{4,32}$/);

export const billerSchema = z
  .object({
    billerId: id,
    category: billerCategorySchema,
    name: localisedTextSchema,
    /** What to call the reference on screen ("户号" / "Account number"). */
    referenceLabel: localisedTextSchema,
    /** The reference's shape as a regular expression source, for the on-screen keyboard to check before asking. */
    referencePattern: z.string().min(1).max(200),
    /** Charged to the payer on top of the bill. */
    fee: moneySchema,
  })
  .strict();
export type Biller = z.infer<typeof billerSchema>;

export const billStatusSchema = z.enum(['open', 'paid']);

export const billSchema = z
  .object({
    billId: id,
    billerId: id,
    reference: billReferenceSchema,
    /** Masked at the biller's side ("张*"); enough for the customer to recognise their bill. */
    payeeName: z.string().min(1).max(120),
    period: z.string().min(1).max(40),
    amount: positiveMoneySchema,
    fee: moneySchema,
    dueDate: isoDate,
    status: billStatusSchema,
  })
  .strict();
export type Bill = z.infer<typeof billSchema>;

/**
 * The text of a bill's QR code or barcode (our demo billers print it; a real biller's format
 * gets its own parser next to this one):
 *   BKBILL1|<billerId>|<reference>|<billId>|<currency>|<amount in minor units>
 * e.g. `BKBILL1|sgcc-sh|3100123456|EB-202611-0001|CNY|25680`. Every field is checked against
 * the bill the hub holds: a payload whose amount differs from the bill is 'amount-mismatch'.
 */
export const BILL_PAYLOAD_PREFIX = 'BKBILL1';
const billPayloadPattern = /^BKBILL1\|([A-Za-z0-9_-]{1,64})\|([A-Za-z0-9-]{4,32})\|([A-Za-z0-9_-]{1,64})\|([A-Z]{3})\|(\d{1,15})$/;

export interface BillPayload {
  billerId: string;
  reference: string;
  billId: string;
  amount: { minor: number; currency: z.infer<typeof currencyCodeSchema> };
}

export function parseBillPayload(text: string): BillPayload | null {
  const match = billPayloadPattern.exec(text.trim());
  if (!match) return null;
  const [, billerId = '', reference = '', billId = '', currencyText = '', minorText = ''] = match;
  const currency = currencyCodeSchema.safeParse(currencyText);
  const minor = Number(minorText);
  if (!currency.success || !Number.isSafeInteger(minor) || minor <= 0) return null;
  return { billerId, reference, billId, amount: { minor, currency: currency.data } };
}

export function formatBillPayload(payload: BillPayload): string {
  return [BILL_PAYLOAD_PREFIX, payload.billerId, payload.reference, payload.billId, payload.amount.currency, String(payload.amount.minor)].join('|');
}

export const billLookupSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('reference'), billerId: id, reference: billReferenceSchema }).strict(),
  /** The scanned QR/barcode text, as read. */
  z.object({ by: z.literal('payload'), payload: z.string().min(1).max(512) }).strict(),
]);
export type BillLookup = z.infer<typeof billLookupSchema>;

export const billLookupResultSchema = z.union([z.object({ outcome: z.literal('found'), bill: billSchema }).strict(), declinedSchema]);
export type BillLookupResult = z.infer<typeof billLookupResultSchema>;

// ---- statements ------------------------------------------------------------------------------

export const statementEntrySchema = z
  .object({
    entryId: id,
    bookedAt: z.iso.datetime({ offset: true }),
    description: z.string().min(1).max(200),
    /** Negative for money leaving the account. */
    amount: moneySchema,
    balanceAfter: moneySchema,
  })
  .strict();
export type StatementEntry = z.infer<typeof statementEntrySchema>;

export const MAX_MINI_STATEMENT = 20;
export const MAX_STATEMENT_ENTRIES = 500;

// ---- payments ----------------------------------------------------------------------------------

export const paymentResultSchema = z.union([
  z
    .object({
      outcome: z.literal('approved'),
      paymentId: z.uuid(),
      /** Printed on the receipt and in its QR code; hub, bank and kiosk agree on it. */
      reference: z.string().regex(/^[A-Z0-9-]{6,40}$/),
      billId: id,
      amount: positiveMoneySchema,
      fee: moneySchema,
      balanceAfter: moneySchema,
      approvedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  declinedSchema,
]);
export type PaymentResult = z.infer<typeof paymentResultSchema>;

// ---- kiosk ↔ hub requests (signed; the kiosk id is the signer's) ---------------------------------

export const cardSessionIdSchema = z.uuid();

export const cardAuthorisationRequestSchema = z.object({ kioskId: kioskIdSchema, card: sealedCardSchema, pin: pinBlockSchema }).strict();
export type CardAuthorisationRequest = z.infer<typeof cardAuthorisationRequestSchema>;

export const cardSessionSchema = z
  .object({
    sessionId: cardSessionIdSchema,
    expiresAt: z.iso.datetime({ offset: true }),
    maskedPan: z.string().regex(/^\d{6}\*{2,9}\d{4}$/),
    customer: customerSchema,
    accounts: z.array(accountSummarySchema).max(50),
  })
  .strict();
export type CardSession = z.infer<typeof cardSessionSchema>;

export const cardAuthorisationResponseSchema = z.union([z.object({ outcome: z.literal('approved'), session: cardSessionSchema }).strict(), declinedSchema]);
export type CardAuthorisationResponse = z.infer<typeof cardAuthorisationResponseSchema>;

/**
 * Statements by China ID card + PIN: the kiosk first asks for a one-time binding (the PAN-shaped
 * value its PIN pad binds the PIN block to, as no card is in the reader), then sends the sealed
 * identity with that PIN block. The PIN is the one of the customer's debit card (their account
 * password). One challenge per try; it is used up by the try, and lapses after a few minutes.
 */
export const idChallengeRequestSchema = z.object({ kioskId: kioskIdSchema }).strict();
export const idChallengeSchema = z.object({ challengeId: z.uuid(), binding: pinBindingSchema, expiresAt: z.iso.datetime({ offset: true }) }).strict();
export type IdChallenge = z.infer<typeof idChallengeSchema>;
export const identityAuthorisationRequestSchema = z.object({ kioskId: kioskIdSchema, identity: sealedIdentitySchema, challengeId: z.uuid(), pin: pinBlockSchema }).strict();
export type IdentityAuthorisationRequest = z.infer<typeof identityAuthorisationRequestSchema>;

export const cardSessionRequestSchema = z.object({ kioskId: kioskIdSchema, sessionId: cardSessionIdSchema }).strict();
export type CardSessionRequest = z.infer<typeof cardSessionRequestSchema>;

export const accountsResponseSchema = z.union([z.object({ outcome: z.literal('ok'), accounts: z.array(accountSummarySchema).max(50) }).strict(), declinedSchema]);
export type AccountsResponse = z.infer<typeof accountsResponseSchema>;

export const miniStatementRequestSchema = cardSessionRequestSchema.extend({ accountId: id, limit: z.number().int().min(1).max(MAX_MINI_STATEMENT).default(10) }).strict();
export type MiniStatementRequest = z.infer<typeof miniStatementRequestSchema>;

export const statementRequestSchema = cardSessionRequestSchema
  .extend({ accountId: id, from: isoDate, to: isoDate })
  .strict()
  .refine((request) => request.from <= request.to, { message: 'from must not be after to', path: ['from'] });
export type StatementRequest = z.infer<typeof statementRequestSchema>;

export const statementResponseSchema = z.union([
  z
    .object({
      outcome: z.literal('ok'),
      account: accountSummarySchema,
      /** Oldest first for a period statement, newest first for a mini-statement. */
      entries: z.array(statementEntrySchema).max(MAX_STATEMENT_ENTRIES),
      /** More entries exist in the period than were returned. */
      truncated: z.boolean(),
    })
    .strict(),
  declinedSchema,
]);
export type StatementResponse = z.infer<typeof statementResponseSchema>;

export const billLookupRequestSchema = z.object({ kioskId: kioskIdSchema, lookup: billLookupSchema }).strict();
export type BillLookupRequest = z.infer<typeof billLookupRequestSchema>;

export const billersResponseSchema = z.object({ billers: z.array(billerSchema).max(500) }).strict();
export type BillersResponse = z.infer<typeof billersResponseSchema>;

export const payBillRequestSchema = z
  .object({
    kioskId: kioskIdSchema,
    /** The kiosk's outbox row id: a replay with it gets the first answer, never a second debit. */
    idempotencyKey: z.uuid(),
    sessionId: cardSessionIdSchema,
    accountId: id,
    billId: id,
    /** What the customer saw on the review screen; the bank refuses a different amount. */
    amount: positiveMoneySchema,
  })
  .strict();
export type PayBillRequest = z.infer<typeof payBillRequestSchema>;

export const endCardSessionResponseSchema = z.object({ ended: z.boolean() }).strict();
export type EndCardSessionResponse = z.infer<typeof endCardSessionResponseSchema>;

// ---- stored payments (outbox → hub) ------------------------------------------------------------

// The `bill.payment` outbox row itself is protocol/bill-payment-item.ts (billPaymentItemSchema).

/**
 * What became of a synced `bill.payment` at the hub.
 * - approved / declined: the bank's answer (for `forward`, given when the hub applied it).
 * - unconfirmed: an online payment the hub has no answer for (the kiosk's call never completed): a person checks.
 * - invalid: the payload did not parse; nothing was charged.
 */
export const storedPaymentStatusSchema = z.enum(['approved', 'declined', 'unconfirmed', 'invalid']);
export type StoredPaymentStatus = z.infer<typeof storedPaymentStatusSchema>;

export const storedPaymentSchema = z
  .object({
    kioskId: kioskIdSchema,
    transactionId: z.uuid(),
    mode: z.enum(['online', 'forward']),
    status: storedPaymentStatusSchema,
    /** A decline reason, or why it is unconfirmed / invalid. */
    reason: z.string().max(200).nullable(),
    billId: z.string().nullable(),
    amount: moneySchema.nullable(),
    maskedPan: z.string().nullable(),
    /** The approved payment's reference, for the receipt and reconciliation. */
    paymentReference: z.string().nullable(),
    /** The kiosk's branch, so staff know who calls the customer; null for a kiosk no longer registered. */
    branchId: z.string().nullable(),
    /** When the customer paid at the kiosk (the kiosk's clock), as opposed to `appliedAt`, when the bank answered. */
    storedAt: z.iso.datetime({ offset: true }).nullable(),
    /** The biller and the customer's bill reference (account number, student number…); null for an invalid payload. */
    billerId: z.string().max(64).nullable(),
    /** The biller's name as the bank lists it; null when the bank did not answer or no longer lists it. */
    billerName: localisedTextSchema.nullable(),
    reference: z.string().max(32).nullable(),
    appliedAt: z.iso.datetime({ offset: true }),
    followedUpAt: z.iso.datetime({ offset: true }).nullable(),
    followUpNote: z.string().max(500).nullable(),
    /** The signed-in staff member who resolved it. */
    followedUpBy: z.object({ staffId: z.string(), name: z.string() }).strict().nullable(),
  })
  .strict();
export type StoredPayment = z.infer<typeof storedPaymentSchema>;

/**
 * The kiosk asks what became of its own synced payments (ones it holds no final answer for: the
 * host was killed before the answer came, or they were stored offline and forwarded later), so
 * its outbox row keeps the bank's answer too. Only the signer's rows are answered.
 */
export const paymentAnswersRequestSchema = z.object({ kioskId: kioskIdSchema, transactionIds: z.array(z.uuid()).min(1).max(100) }).strict();
export type PaymentAnswersRequest = z.infer<typeof paymentAnswersRequestSchema>;

export const paymentAnswerSchema = z
  .object({
    transactionId: z.uuid(),
    /** 'waiting': the hub has the row but the bank has not answered for it yet (or the row is not synced). */
    status: z.union([storedPaymentStatusSchema, z.literal('waiting')]),
    /** The approved payment's reference. */
    reference: z.string().nullable(),
    /** A decline's reason code (declineReasonSchema), or null. */
    reason: z.string().max(200).nullable(),
  })
  .strict();
export type PaymentAnswer = z.infer<typeof paymentAnswerSchema>;
export const paymentAnswersResponseSchema = z.object({ answers: z.array(paymentAnswerSchema).max(100) }).strict();
export type PaymentAnswersResponse = z.infer<typeof paymentAnswersResponseSchema>;

export const BANKING_STAFF_PATHS = {
  followUps: '/v1/staff/banking/follow-ups',
  resolveFollowUp: '/v1/staff/banking/follow-ups/:kioskId/:transactionId/resolve',
} as const;

export const followUpsResponseSchema = z.object({ items: z.array(storedPaymentSchema) }).strict();
export type FollowUpsResponse = z.infer<typeof followUpsResponseSchema>;

export const resolveFollowUpRequestSchema = z.object({ note: z.string().trim().min(1).max(500) }).strict();

/** `open` (default): not followed up yet, oldest first. `resolved`: the latest resolved, newest first. */
export const followUpStateSchema = z.enum(['open', 'resolved']);
export type FollowUpState = z.infer<typeof followUpStateSchema>;
export const followUpsQuerySchema = z.object({ state: followUpStateSchema.default('open') }).strict();
