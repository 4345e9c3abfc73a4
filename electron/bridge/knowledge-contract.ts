// The knowledge base on the kiosk (issue 13, "Self-help"): the Help screen searches the
// articles the host pulled from the hub (searched offline, per keystroke) and opens one.
// The article crosses whole, in both languages, as the hub published it: its body is the
// structured format of protocol/knowledge.ts, rendered by the page as text, never as HTML.
import { z } from 'zod';
import { articleIdSchema, kioskArticleSchema, knowledgeCategorySchema, knowledgeLocaleSchema } from '../../protocol/knowledge.js';

export const MAX_KNOWLEDGE_QUERY = 100;

export const knowledgeHitSchema = z.object({
  id: articleIdSchema,
  category: knowledgeCategorySchema,
  /** In the locale asked for. */
  title: z.string(),
  /** The start of the body, in the locale asked for. */
  snippet: z.string(),
});
export type KnowledgeHit = z.infer<typeof knowledgeHitSchema>;

export const knowledgeRequests = {
  /**
   * Chinese by characters, full pinyin ("shouxufei") or pinyin initials ("sxf"); English by
   * words and their prefixes. An empty query with a category lists that category (the
   * articles for the customer's current step); an empty query alone finds nothing.
   */
  'knowledge.search': {
    input: z
      .object({
        query: z.string().max(MAX_KNOWLEDGE_QUERY),
        locale: knowledgeLocaleSchema,
        category: knowledgeCategorySchema.optional(),
        limit: z.number().int().min(1).max(20).optional(),
      })
      .strict(),
    output: z.object({ hits: z.array(knowledgeHitSchema) }),
  },
  /** null: not (or no longer) on this kiosk — unpublished since the list was shown. */
  'knowledge.article': {
    input: z.object({ id: articleIdSchema }).strict(),
    output: kioskArticleSchema.nullable(),
  },
} as const;
