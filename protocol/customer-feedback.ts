// The customer's answer after a journey or a video call: NPS 0–10, an optional reason from
// short categories and optional free text. The kiosk stores it as an outbox transaction so it
// reaches the hub offline-first; the hub turns a detractor's answer into a follow-up case.
// Imports only zod (and pure helpers): the kiosk page, the host and the hub share it.
import { z } from 'zod';
import { languageSchema } from './assist-values.js';
import { callbackPhoneSchema } from './call-back.js';
import { chatRefusal } from './number-guards.js';
import { FEEDBACK_COMMENT_MAX, FEEDBACK_REASONS } from './feedback-scale.js';

export { FEEDBACK_COMMENT_MAX, FEEDBACK_REASONS, FOLLOW_UP_MAX_SCORE, NPS_SCORES, type FeedbackReason } from './feedback-scale.js';

export const FEEDBACK_TRANSACTION_TYPE = 'customer.feedback.given';

export const npsScoreSchema = z.number().int().min(0).max(10);

export const feedbackReasonSchema = z.enum(FEEDBACK_REASONS);

/** What the customer had just done; the report groups by it. */
export const feedbackJourneySchema = z.enum(['queue-ticket', 'video-call', 'bill-payment', 'account-services', 'appointment', 'card-replacement']);
export type FeedbackJourney = z.infer<typeof feedbackJourneySchema>;

/**
 * Free text typed on the kiosk keyboard. Like chat, a card or resident ID number is refused
 * (the text is stored and read by staff; such numbers must never be).
 */
export const feedbackCommentSchema = z
  .string()
  .trim()
  .min(1)
  .max(FEEDBACK_COMMENT_MAX)
  .refine((text) => chatRefusal(text) === null, { message: 'must not contain a card or resident ID number' });

/** A service id of the queue catalog, `video-call`, or a journey name. */
export const feedbackServiceSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/i);

/** The answer's fields; every schema carrying them adds `answerRules`. */
export const feedbackAnswerShape = {
  score: npsScoreSchema,
  reason: feedbackReasonSchema.optional(),
  comment: feedbackCommentSchema.optional(),
  /** A number to call back about a low score, only with the customer's consent ticked. */
  phone: callbackPhoneSchema.optional(),
  consent: z.literal(true).optional(),
};

/** A phone number without consent is one the bank may not call. */
export const answerRules = <T extends { phone?: string | undefined; consent?: true | undefined }>(answer: T): boolean => answer.phone === undefined || answer.consent === true;
const consentMessage = { message: 'a phone number needs the consent box ticked', path: ['consent'] };

/** What the page sends the host. */
export const feedbackAnswerSchema = z.object(feedbackAnswerShape).strict().refine(answerRules, consentMessage);
export type FeedbackAnswer = z.infer<typeof feedbackAnswerSchema>;

export const feedbackPayloadSchema = z
  .object({
    ...feedbackAnswerShape,
    feedbackId: z.uuid(),
    journey: feedbackJourneySchema,
    service: feedbackServiceSchema,
    /** The ticket number or call session the answer is about, so staff can find the visit. */
    reference: z.string().max(64).optional(),
    locale: languageSchema,
    givenAt: z.iso.datetime(),
  })
  .strict()
  .refine(answerRules, consentMessage);
export type FeedbackPayload = z.infer<typeof feedbackPayloadSchema>;

export type NpsGroup = 'promoter' | 'passive' | 'detractor';

/** The usual NPS bands: 9–10 promote, 7–8 are passive, 0–6 detract. */
export function npsGroup(score: number): NpsGroup {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** %promoters − %detractors, rounded to one decimal; null when nobody answered. */
export function netPromoterScore({ promoters, passives, detractors }: NpsCounts): number | null {
  const total = promoters + passives + detractors;
  if (total === 0) return null;
  return Math.round(((promoters - detractors) / total) * 1000) / 10;
}
