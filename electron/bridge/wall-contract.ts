// The branch's waiting-room wall display (issue 13): a page of its own (renderer/wall) that the
// kiosk host feeds with the branch queue's snapshot, long-polled from the hub with the kiosk's
// signed identity. The page only renders and announces; it never talks to the hub.
import { z } from 'zod';
import { snapshotSchema } from '../../protocol/branch-queue.js';

export const wallFeedSchema = z.object({
  /** Null until the first snapshot arrives (or when the hub never answered). */
  snapshot: snapshotSchema.nullable(),
  /** False while the hub cannot be reached; the last snapshot stays on screen, marked stale. */
  connected: z.boolean(),
});
export type WallFeed = z.infer<typeof wallFeedSchema>;

const empty = z.object({}).strict();

export const wallRequests = {
  /** The current feed; the first call starts the host's long poll. */
  'wall.feed': { input: empty, output: wallFeedSchema },
} as const;

export const wallEvents = {
  'wall.feed': wallFeedSchema,
} as const;
