// The knowledge base (issue 13, "Self-help"): bilingual articles an admin writes in the
// console (draft → published → archived, every save a new version) and kiosks pull to search
// offline on the Help screen. The body is a tiny structured format, not HTML: the kiosk renders
// paragraphs, lists, bold spans and images from this tree as text nodes, so nothing an admin
// types can become markup on a kiosk. Imports only zod: hub, host, console and page share it.
import { z } from 'zod';
import { isStorableJson } from './storable-values.js';

export const KNOWLEDGE_PATHS = {
  list: '/v1/staff/knowledge/articles',
  detail: '/v1/staff/knowledge/articles/:articleId',
  version: '/v1/staff/knowledge/articles/:articleId/versions/:version',
  save: '/v1/staff/knowledge/articles/:articleId/versions',
  publish: '/v1/staff/knowledge/articles/:articleId/publish',
  unpublish: '/v1/staff/knowledge/articles/:articleId/unpublish',
  archive: '/v1/staff/knowledge/articles/:articleId/archive',
} as const;

/**
 * Published articles reach kiosks as pull-contract items of kind `catalog`, one per article
 * (`knowledge/<id>`): a publish wakes kiosks for one small item, a kiosk resumes by cursor,
 * and unpublishing deletes the item (value null).
 */
export const KNOWLEDGE_ITEM_PREFIX = 'knowledge/';
export const knowledgeItemKey = (articleId: string): string => `${KNOWLEDGE_ITEM_PREFIX}${articleId}`;

export const knowledgeLocaleSchema = z.enum(['zh-CN', 'en']);
export type KnowledgeLocale = z.infer<typeof knowledgeLocaleSchema>;

export const knowledgeCategorySchema = z.enum(['fees', 'hours', 'documents', 'how-to', 'other']);
export type KnowledgeCategory = z.infer<typeof knowledgeCategorySchema>;

export const knowledgeStatusSchema = z.enum(['draft', 'published', 'archived']);
export type KnowledgeStatus = z.infer<typeof knowledgeStatusSchema>;

export const articleIdSchema = z.uuid();
export const articleSlugSchema = z
  .string()
  .min(2)
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens');

// An image is a data URL of a raster type (no SVG: it can carry script) up to 256 KB, so an
// article is whole in one pulled item and shows offline.
export const MAX_IMAGE_DATA_URL = 256 * 1024;
const imageSrcSchema = z
  .string()
  .max(MAX_IMAGE_DATA_URL, 'image too large (256 KB at most)')
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+=*$/, 'a data: URL of a PNG, JPEG, WebP or GIF image');

const plainText = (max: number) => z.string().max(max).refine(isStorableJson, 'must not contain NUL characters or unpaired surrogates');

export const spanSchema = z.object({ text: plainText(2000).min(1), bold: z.boolean().optional() }).strict();
export type Span = z.infer<typeof spanSchema>;
const spansSchema = z.array(spanSchema).min(1).max(50);

export const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), spans: spansSchema }).strict(),
  z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(spansSchema).min(1).max(30) }).strict(),
  z.object({ type: z.literal('image'), src: imageSrcSchema, alt: plainText(200).min(1) }).strict(),
]);
export type Block = z.infer<typeof blockSchema>;

export const articleTextSchema = z
  .object({
    title: plainText(120).min(1),
    body: z.array(blockSchema).min(1).max(60),
    keywords: z.array(plainText(40).min(1)).max(20).default([]),
  })
  .strict();
export type ArticleText = z.infer<typeof articleTextSchema>;

/** Both languages, always: a customer must find the same article whichever they chose. */
export const articleContentSchema = z
  .object({
    category: knowledgeCategorySchema,
    text: z.object({ 'zh-CN': articleTextSchema, en: articleTextSchema }).strict(),
  })
  .strict();
export type ArticleContent = z.infer<typeof articleContentSchema>;

/** What a kiosk receives and keeps: one published version. */
export const kioskArticleSchema = z
  .object({
    id: articleIdSchema,
    slug: articleSlugSchema,
    version: z.number().int().positive(),
    publishedAt: z.iso.datetime(),
  })
  .extend(articleContentSchema.shape);
export type KioskArticle = z.infer<typeof kioskArticleSchema>;

// ── Staff API ────────────────────────────────────────────────────────────────────────────

export const createArticleRequestSchema = z.object({ slug: articleSlugSchema, content: articleContentSchema }).strict();
export type CreateArticleRequest = z.infer<typeof createArticleRequestSchema>;

/** `baseVersion`: the version the editor started from; another save since is a 409. */
export const saveArticleRequestSchema = z.object({ baseVersion: z.number().int().positive(), content: articleContentSchema }).strict();
export type SaveArticleRequest = z.infer<typeof saveArticleRequestSchema>;

export const publishArticleRequestSchema = z.object({ version: z.number().int().positive() }).strict();
export type PublishArticleRequest = z.infer<typeof publishArticleRequestSchema>;

export const articleParamsSchema = z.object({ articleId: articleIdSchema }).strict();
export const articleVersionParamsSchema = z.object({ articleId: articleIdSchema, version: z.coerce.number().int().positive() }).strict();

const auditedSchema = { by: z.string(), byName: z.string(), at: z.iso.datetime() };

export const articleSummarySchema = z.object({
  id: articleIdSchema,
  slug: articleSlugSchema,
  category: knowledgeCategorySchema,
  status: knowledgeStatusSchema,
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  latestVersion: z.number().int().positive(),
  publishedVersion: z.number().int().positive().nullable(),
  updated: z.object(auditedSchema),
});
export type ArticleSummary = z.infer<typeof articleSummarySchema>;

export const articleVersionSummarySchema = z.object({ version: z.number().int().positive(), ...auditedSchema });
export type ArticleVersionSummary = z.infer<typeof articleVersionSummarySchema>;

export const knowledgeAuditEventSchema = z.enum(['created', 'saved', 'published', 'unpublished', 'archived']);
export const articleAuditEntrySchema = z.object({ event: knowledgeAuditEventSchema, version: z.number().int().positive().nullable(), ...auditedSchema });
export type ArticleAuditEntry = z.infer<typeof articleAuditEntrySchema>;

/** The latest version's content, the versions newest first, and who did what. */
export const articleDetailSchema = articleSummarySchema.extend({
  content: articleContentSchema,
  versions: z.array(articleVersionSummarySchema),
  audit: z.array(articleAuditEntrySchema),
});
export type ArticleDetail = z.infer<typeof articleDetailSchema>;

export const articleVersionSchema = articleVersionSummarySchema.extend({ content: articleContentSchema });
export type ArticleVersion = z.infer<typeof articleVersionSchema>;

export const articleListResponseSchema = z.object({ articles: z.array(articleSummarySchema) });
export type ArticleListResponse = z.infer<typeof articleListResponseSchema>;

// ── Editing markup ───────────────────────────────────────────────────────────────────────
// The console's form edits a body as text: blank lines part paragraphs, "- " starts a bullet,
// "1. " a numbered item, **bold**, and ![alt](data:image/...) on its own line an image. It is
// parsed here into blocks (validated as any other) and printed back for the next edit.

function spansOf(line: string): Span[] {
  const spans: Span[] = [];
  const parts = line.split(/\*\*/);
  parts.forEach((part, index) => {
    if (part === '') return;
    // An unmatched ** stays literal text rather than bolding the rest of the line.
    const bold = index % 2 === 1 && index < parts.length - 1;
    spans.push(bold ? { text: part, bold: true } : { text: index % 2 === 1 ? `**${part}` : part });
  });
  return spans.length > 0 ? spans : [{ text: line }];
}

const IMAGE_LINE = /^!\[([^\]]*)\]\((data:[^)\s]+)\)$/;
const BULLET = /^[-*]\s+(.*)$/;
const NUMBERED = /^\d+[.)]\s+(.*)$/;

export function parseBody(markup: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: Span[][] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', spans: spansOf(paragraph.join(' ')) });
    if (list) blocks.push({ type: 'list', ordered: list.ordered, items: list.items });
    paragraph = [];
    list = null;
  };
  for (const raw of markup.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const image = IMAGE_LINE.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (line === '') flush();
    else if (image) {
      flush();
      blocks.push({ type: 'image', alt: image[1] ?? '', src: image[2] ?? '' });
    } else if (bullet || numbered) {
      const ordered = numbered !== null;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(spansOf((bullet ?? numbered)?.[1] ?? ''));
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

const spansText = (spans: readonly Span[]) => spans.map((s) => (s.bold ? `**${s.text}**` : s.text)).join('');

export function printBody(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      if (block.type === 'paragraph') return spansText(block.spans);
      if (block.type === 'image') return `![${block.alt}](${block.src})`;
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${spansText(item)}`).join('\n');
    })
    .join('\n\n');
}

/** The words of a body, for search and read-aloud. */
export function bodyText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      if (block.type === 'paragraph') return block.spans.map((s) => s.text).join('');
      if (block.type === 'image') return block.alt;
      return block.items.map((item) => item.map((s) => s.text).join('')).join('\n');
    })
    .join('\n');
}
