// A customer who could not reach an expert leaves a phone number for a call-back. The kiosk
// stores it as an outbox transaction (the number encrypted at rest) and the hub lists it for
// staff, who only ever see it masked in lists.
import { z } from 'zod';
import { languageSchema, topicSchema } from './assist-values.js';
import { CALLBACK_PHONE, CALLBACK_PHONE_RULE } from './callback-phone.js';

export { maskPhone } from './callback-phone.js';

/** A mainland mobile number (11 digits from 1[3-9]) or an international one in E.164 form. */
export const callbackPhoneSchema = z.string().regex(CALLBACK_PHONE, CALLBACK_PHONE_RULE);

export const CALLBACK_TRANSACTION_TYPE = 'assist.callback.requested';

export const callbackPayloadSchema = z
  .object({
    reference: z.string().regex(/^CB-[0-9A-Z]{6}$/),
    phone: callbackPhoneSchema,
    locale: languageSchema,
    topic: topicSchema,
    /** The customer ticked the consent box: the bank may call this number about this request. */
    consent: z.literal(true),
    requestedAt: z.iso.datetime(),
  })
  .strict();
export type CallbackPayload = z.infer<typeof callbackPayloadSchema>;
