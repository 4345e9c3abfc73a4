// WebSocket framing of a page → host request. Its own module so that the page server can check
// frames without loading the whole bridge contract before it listens (cold start).
import { z } from 'zod';

export const wsRequestFrameSchema = z
  .object({ id: z.number().int().nonnegative(), method: z.string().max(64), params: z.unknown() })
  .strict();
