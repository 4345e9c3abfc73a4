// The page's languages. Its own module so that the host's config can read a locale without
// loading the whole bridge contract before the page server listens (cold start).
import { z } from 'zod';

export const localeSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof localeSchema>;
