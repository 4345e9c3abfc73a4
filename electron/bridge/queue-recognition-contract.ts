// Priority recognised on the service list (issue 13): "Bank customer? Insert your card" (the
// bank says VIP or not) and "Aged 65 or over? Place your ID card" (the reader's age gives
// priority service). The page only says it listens and shows what the host recognised; the
// flags stay in the host, which applies them to the ticket it issues.
import { z } from 'zod';

export const recognitionSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('card'), outcome: z.enum(['vip', 'standard', 'unknown', 'offline', 'unreadable']) }),
  z.object({ by: z.literal('id'), outcome: z.enum(['priority', 'under-age', 'unreadable']) }),
]);
export type Recognition = z.infer<typeof recognitionSchema>;

export const recognitionFlagsSchema = z.object({ vip: z.boolean(), priority: z.boolean() });
export type RecognitionFlags = z.infer<typeof recognitionFlagsSchema>;

export const queueRecognitionRequests = {
  /** The service list is on screen (true) or left (false); answers what is recognised so far this visit. */
  'queue.recognition': { input: z.object({ listening: z.boolean() }).strict(), output: recognitionFlagsSchema },
} as const;

export const queueRecognitionEvents = {
  'queue.recognised': recognitionSchema,
} as const;
