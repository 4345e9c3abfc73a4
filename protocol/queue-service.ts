// A queue service as the hub's catalog delivers it and the kiosk shows it on the ticket screen.
import { z } from 'zod';

export const queueServiceSchema = z.object({
  id: z.string(),
  prefix: z.string().regex(/^[A-Z]$/),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  vip: z.boolean(),
});
export type QueueService = z.infer<typeof queueServiceSchema>;
