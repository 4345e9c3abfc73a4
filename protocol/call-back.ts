// A customer who could not reach an expert leaves a phone number for a call-back. The kiosk
// stores it as an outbox transaction (the number encrypted at rest) and the hub lists it for
// staff, who only ever see it masked in lists.
import { z } from 'zod';
import { languageSchema, topicSchema } from './assist-values.js';

/** A mainland mobile number (11 digits from 1[3-9]) or an international one in E.164 form. */
export const callbackPhoneSchema = z
  .string()
  .regex(/^(1[3-9]\d{9}|\+[1-9]\d{6,14})$/, 'a mainland mobile number (11 digits) or an international number starting with +');

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

/** 138****5678 / +44******1234: what lists and receipts show. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return phone.replace(/\d/g, '*');
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
