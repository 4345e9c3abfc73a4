// A suggestion after a journey (issue 13, "Recommendations"). The page asks once the customer
// is done; the host builds the journey's end context itself (for a bill payment from its own
// journey, with the card session still open for the consent flag), evaluates the rules it
// pulled from the hub and answers at most one suggestion. The page sends back the customer's
// answer; the host records both as outbox events and carries out the accepted action.
import { z } from 'zod';
import { suggestionActionSchema, suggestionKindSchema } from '../../protocol/recommendations.js';

// contract.ts's locale and print outcome, restated: that file imports this one.
const locale = z.enum(['zh-CN', 'en']);
const printed = z.object({ printed: z.boolean(), code: z.string().max(40).optional() }).strict();
const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() }).strict();

export const offerSchema = z
  .object({
    /** Names this offer in the answer; a stale answer (another visit) is ignored. */
    offerId: z.uuid(),
    kind: suggestionKindSchema,
    title: bilingual,
    text: bilingual,
    action: suggestionActionSchema,
  })
  .strict();
export type Offer = z.infer<typeof offerSchema>;

export const recommendationRequests = {
  'recommendation.offer': {
    input: z.discriminatedUnion('journey', [
      z.object({ journey: z.literal('bill-payment') }).strict(),
      z.object({ journey: z.literal('queue-ticket'), serviceId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/) }).strict(),
      z.object({ journey: z.literal('account-services') }).strict(),
    ]),
    output: z.object({ offer: offerSchema.nullable() }).strict(),
  },
  'recommendation.respond': {
    input: z.object({ offerId: z.uuid(), answer: z.enum(['accepted', 'declined']), locale }).strict(),
    /** What the accepted action did: a slip printed (or not), a ticket issued; `none` otherwise. */
    output: z.discriminatedUnion('done', [
      z.object({ done: z.literal('none') }).strict(),
      z.object({ done: z.literal('slip'), print: printed }).strict(),
      z.object({ done: z.literal('ticket'), number: z.string().max(16), print: printed }).strict(),
    ]),
  },
} as const;
