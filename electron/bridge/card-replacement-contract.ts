// What the page will see of "Replace a card" (issue 11): one host-run journey — sign in (card +
// PIN, or ID card + the debit card's PIN), pick the card and why, review the fee, the new card
// dispensed and its PIN typed twice on the pad, taken from the slot, a receipt. Each phase carries
// exactly its own data; no state holds a PAN, a PIN digit or a sealed card.
import { z } from 'zod';
import { maskedIdNumberSchema } from '../../protocol/card-security.js';
import { faceEvidenceSchema, inlineImageSchema } from '../../protocol/account-opening.js';
import { replacementFeesSchema, replacementReasonSchema } from '../../protocol/card-replacement.js';
import { accountSummarySchema, cardSummarySchema, declineReasonSchema } from '../../protocol/core-banking.js';
import { moneySchema } from '../../protocol/money.js';

const maskedPanSchema = z.string().regex(/^\d{6}\*{2,9}\d{4}$/);
const holder = { maskedPan: maskedPanSchema.optional(), maskedId: maskedIdNumberSchema.optional() };

/** `face-check`: signed in by ID card, the live face was not the card's holder (or could not be checked): card + PIN, or the counter. */
export const cardReplacementStopSchema = z.enum(['customer', 'timeout', 'card-removed', 'declined', 'device', 'hub-unreachable', 'not-taken', 'face-check']);
export type CardReplacementStop = z.infer<typeof cardReplacementStopSchema>;

export const cardReplacementStateSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('idle') }).strict(),
  z.object({ phase: z.literal('card'), insertChip: z.boolean(), idCard: z.boolean().optional() }).strict(),
  z.object({ phase: z.literal('pin'), ...holder, digits: z.number().int().min(0).max(12), triesLeft: z.number().int().min(0).max(9).optional() }).strict(),
  z.object({ phase: z.literal('authorising'), ...holder }).strict(),
  /** Signed in by ID card + PIN: the page runs the face check against the card's chip photo (answered with cardReplacement.face). */
  z.object({ phase: z.literal('face'), idPhoto: inlineImageSchema, threshold: z.number().min(0).max(1) }).strict(),
  /** The customer's cards that can be replaced, and the fee for each reason. */
  z.object({ phase: z.literal('choose'), cards: z.array(cardSummarySchema).max(20), fees: replacementFeesSchema }).strict(),
  /** `blocked`: a lost or stolen card, blocked at the bank the moment the customer said so. */
  z.object({ phase: z.literal('review'), card: cardSummarySchema, reason: replacementReasonSchema, fee: moneySchema, account: accountSummarySchema, blocked: z.boolean() }).strict(),
  z.object({ phase: z.literal('dispensing') }).strict(),
  /** The new card's PIN, `step` 1 then 2 (the same again); `mismatch` after two that differed. */
  z.object({ phase: z.literal('new-pin'), step: z.union([z.literal(1), z.literal(2)]), digits: z.number().int().min(0).max(12), mismatch: z.boolean() }).strict(),
  z.object({ phase: z.literal('issuing') }).strict(),
  /** The new card at the slot: take it within `seconds`. */
  z.object({ phase: z.literal('take-card'), maskedPan: maskedPanSchema, seconds: z.number().int().min(1).max(120) }).strict(),
  /** `returnsCard`: the card the customer signed in with is in the reader and comes back when they finish (none after an ID-card sign-in, nor for a first card). */
  z.object({ phase: z.literal('done'), maskedPan: maskedPanSchema, reference: z.string(), fee: moneySchema, receipt: z.enum(['printing', 'printed', 'not-printed']), returnsCard: z.boolean().optional() }).strict(),
  /** `refunded` (with not-taken): a fee had been charged and is refunded — a first card has none. */
  z.object({ phase: z.literal('stopped'), reason: cardReplacementStopSchema, declined: declineReasonSchema.optional(), refunded: z.boolean().optional() }).strict(),
]);
export type CardReplacementState = z.infer<typeof cardReplacementStateSchema>;
export type CardReplacementPhase = CardReplacementState['phase'];

export const cardReplacementStatusSchema = z.object({ seq: z.number().int().nonnegative(), state: cardReplacementStateSchema });
export type CardReplacementStatus = z.infer<typeof cardReplacementStatusSchema>;

const empty = z.object({}).strict();
const sessionLocaleSchema = z.enum(['zh-CN', 'en']);

// Each request answers the journey's status at once; what follows (card, PIN digits, the
// dispenser, the bank's answers) arrives as `cardReplacement.state` events, newest seq wins.
export const cardReplacementRequests = {
  'cardReplacement.status': { input: empty, output: cardReplacementStatusSchema },
  /** The customer chose "Replace a card": sign in with the card (or an ID card) and PIN. */
  'cardReplacement.start': { input: empty, output: cardReplacementStatusSchema },
  /** The card to replace and why; a lost or stolen card is blocked at once. */
  'cardReplacement.choose': { input: z.object({ cardId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), reason: replacementReasonSchema }).strict(), output: cardReplacementStatusSchema },
  'cardReplacement.backToCards': { input: empty, output: cardReplacementStatusSchema },
  /** The face step's answer after an ID-card sign-in: only a live 'match' goes on to the cards. */
  'cardReplacement.face': { input: faceEvidenceSchema, output: cardReplacementStatusSchema },
  /** The customer accepts the fee: the new card is dispensed; its PIN follows on the pad. The receipt prints in `locale`. */
  'cardReplacement.confirm': { input: z.object({ locale: sessionLocaleSchema }).strict(), output: cardReplacementStatusSchema },
  /**
   * "Issue a debit card now" right after an account was opened in this session (account opening's
   * `cardOffer`): straight to the dispenser, no sign-in, no fee. Without an opened account the
   * status stays idle. The receipt prints in `locale`.
   */
  'cardReplacement.issueFirst': { input: z.object({ locale: sessionLocaleSchema }).strict(), output: cardReplacementStatusSchema },
  /** Before the card is issued; once issued the journey ends by itself (taken, or captured and refunded). */
  'cardReplacement.cancel': { input: empty, output: cardReplacementStatusSchema },
  'cardReplacement.finish': { input: empty, output: cardReplacementStatusSchema },
} as const;

export const cardReplacementEvents = {
  'cardReplacement.state': cardReplacementStatusSchema,
} as const;
