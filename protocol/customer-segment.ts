// VIP by card (issue 13): on the service list a customer may insert or swipe their bank card;
// the kiosk sends it sealed to the hub (never the PAN), the bank answers only the customer's
// segment, and a VIP's ticket is served as VIP. No PIN: nothing here moves money or shows data.
import { z } from 'zod';
import { sealedCardSchema } from './card-security.js';
import { kioskIdSchema } from './hub-api.js';

export const CUSTOMER_SEGMENT_PATH = '/v1/banking/customer-segment';

/** What the bank says of a card holder for the queue; 'unknown': not a card of this bank (or unreadable). */
export const customerSegmentSchema = z.enum(['vip', 'standard', 'unknown']);
export type CustomerSegment = z.infer<typeof customerSegmentSchema>;

export const customerSegmentRequestSchema = z.object({ kioskId: kioskIdSchema, card: sealedCardSchema }).strict();
export type CustomerSegmentRequest = z.infer<typeof customerSegmentRequestSchema>;
export const customerSegmentResponseSchema = z.object({ segment: customerSegmentSchema }).strict();
export type CustomerSegmentResponse = z.infer<typeof customerSegmentResponseSchema>;
