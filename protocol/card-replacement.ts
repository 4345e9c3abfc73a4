// Card replacement at the kiosk (issue 11): a customer signed in (card + PIN for a damaged card,
// or ID card) picks one of their cards and why it is replaced; a lost or stolen one is blocked at
// once. The kiosk dispenses a new card, reads its chip in the dispenser (sealed in the device
// worker, like any card), has the customer set its PIN twice on the PIN pad (both blocks bound
// to the new card), and the bank links it, sets the PIN and charges the fee in one idempotent
// call — the card is `issued`, not yet usable. Only when the customer has taken it does the kiosk
// complete the issue (`activated`); a card not taken is captured and the issue voided, the fee
// refunded: no fee without a card in the customer's hand.
import { z } from 'zod';
import { pinBlockSchema, sealedCardSchema } from './card-security.js';
import { cardSessionIdSchema, cardSummarySchema, declinedSchema } from './core-banking.js';
import { kioskIdSchema } from './hub-api.js';
import { moneySchema } from './money.js';

export const CARD_REPLACEMENT_PATHS = {
  cards: '/v1/banking/cards',
  block: '/v1/banking/cards/block',
  issue: '/v1/banking/cards/issue',
  complete: '/v1/banking/cards/issue/complete',
  /** A new customer's first debit card, right after the kiosk opened their account (account opening). */
  issueFirst: '/v1/banking/cards/issue-first',
} as const;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const replacementReasonSchema = z.enum(['lost', 'stolen', 'damaged']);
export type ReplacementReason = z.infer<typeof replacementReasonSchema>;

/** The fee for each reason, as the bank charges it (a fee of zero is waived). */
export const replacementFeesSchema = z.object({ lost: moneySchema, stolen: moneySchema, damaged: moneySchema }).strict();
export type ReplacementFees = z.infer<typeof replacementFeesSchema>;

export const cardsRequestSchema = z.object({ kioskId: kioskIdSchema, sessionId: cardSessionIdSchema }).strict();
export const cardsResponseSchema = z.union([z.object({ outcome: z.literal('ok'), cards: z.array(cardSummarySchema).max(20), fees: replacementFeesSchema }).strict(), declinedSchema]);
export type CardsResponse = z.infer<typeof cardsResponseSchema>;

export const blockCardRequestSchema = z.object({ kioskId: kioskIdSchema, sessionId: cardSessionIdSchema, cardId: id, reason: z.enum(['lost', 'stolen']) }).strict();
export type BlockCardRequest = z.infer<typeof blockCardRequestSchema>;
export const cardActionResponseSchema = z.union([z.object({ outcome: z.literal('ok'), card: cardSummarySchema }).strict(), declinedSchema]);
export type CardActionResponse = z.infer<typeof cardActionResponseSchema>;

export const issueCardRequestSchema = z
  .object({
    kioskId: kioskIdSchema,
    sessionId: cardSessionIdSchema,
    /** The kiosk's outbox row id for this replacement: a replay gets the first answer, never a second fee. */
    idempotencyKey: z.uuid(),
    replaces: id,
    reason: replacementReasonSchema,
    /** The account the fee is taken from, and the fee the customer saw. */
    feeAccountId: id,
    fee: moneySchema,
    /** The dispensed card's chip, read in the dispenser and sealed in the device worker. */
    newCard: sealedCardSchema,
    /** The new PIN, typed twice; both blocks bound to the new card. */
    pin: pinBlockSchema,
    confirm: pinBlockSchema,
  })
  .strict();
export type IssueCardRequest = z.infer<typeof issueCardRequestSchema>;

export const issueCardResponseSchema = z.union([
  z
    .object({
      outcome: z.literal('issued'),
      cardId: id,
      maskedPan: z.string().regex(/^\d{6}\*{2,9}\d{4}$/),
      /** What was charged (zero when waived). */
      fee: moneySchema,
      /** On the receipt; bank and kiosk agree on it. */
      reference: z.string().regex(/^[A-Z0-9-]{6,40}$/),
    })
    .strict(),
  declinedSchema,
]);
export type IssueCardResponse = z.infer<typeof issueCardResponseSchema>;

/**
 * A first debit card for an account the kiosk has just opened (account opening, issue 11): no card
 * session — the customer has no card yet — but the application the hub opened for this kiosk
 * names the account. No fee. Answered like a replacement's issue and completed the same way.
 */
export const issueFirstCardRequestSchema = z
  .object({
    kioskId: kioskIdSchema,
    idempotencyKey: z.uuid(),
    /** The account-opening application the hub opened, for this kiosk, a few minutes ago. */
    applicationId: z.uuid(),
    newCard: sealedCardSchema,
    pin: pinBlockSchema,
    confirm: pinBlockSchema,
  })
  .strict();
export type IssueFirstCardRequest = z.infer<typeof issueFirstCardRequestSchema>;

/** No session needed: the card may be captured after the customer left and the session lapsed. */
export const completeIssueRequestSchema = z.object({ kioskId: kioskIdSchema, idempotencyKey: z.uuid(), outcome: z.enum(['taken', 'not-taken']) }).strict();
export type CompleteIssueRequest = z.infer<typeof completeIssueRequestSchema>;

export const completeIssueResponseSchema = z.union([
  z.object({ outcome: z.literal('activated'), card: cardSummarySchema }).strict(),
  z.object({ outcome: z.literal('voided'), refunded: moneySchema }).strict(),
  declinedSchema,
]);
export type CompleteIssueResponse = z.infer<typeof completeIssueResponseSchema>;
