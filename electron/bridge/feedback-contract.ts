// The customer's satisfaction answer after a journey (issue 13). The answer after a video
// call goes through assist.rate instead, which knows the call it is about.
import { z } from 'zod';
import { languageSchema } from '../../protocol/assist-values.js';
import { answerRules, feedbackAnswerShape, feedbackServiceSchema } from '../../protocol/customer-feedback.js';

export const feedbackRequests = {
  'feedback.submit': {
    input: z
      .object({
        ...feedbackAnswerShape,
        journey: z.enum(['queue-ticket', 'bill-payment', 'account-services', 'appointment', 'card-replacement']),
        service: feedbackServiceSchema,
        reference: z.string().max(64).optional(),
        locale: languageSchema,
      })
      .strict()
      .refine(answerRules, { message: 'a phone number needs the consent box ticked', path: ['consent'] }),
    output: z.object({ ok: z.literal(true) }),
  },
} as const;
