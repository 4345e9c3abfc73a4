// The editor's form as the admin types it (body as editing markup, keywords as one line) and
// its conversion to and from the protocol's content, validated with the same schema the hub
// applies, so the form says what is wrong before a save is sent.
import { articleContentSchema, articleSlugSchema, parseBody, printBody, type ArticleContent, type KnowledgeCategory, type KnowledgeLocale } from '../../../protocol/knowledge.js';

export interface LanguageForm {
  title: string;
  body: string;
  keywords: string;
}

export interface ArticleForm {
  slug: string;
  category: KnowledgeCategory;
  text: Record<KnowledgeLocale, LanguageForm>;
}

export const emptyForm = (): ArticleForm => ({
  slug: '',
  category: 'other',
  text: { 'zh-CN': { title: '', body: '', keywords: '' }, en: { title: '', body: '', keywords: '' } },
});

export function formOf(slug: string, content: ArticleContent): ArticleForm {
  const language = (locale: KnowledgeLocale): LanguageForm => {
    const text = content.text[locale];
    return { title: text.title, body: printBody(text.body), keywords: text.keywords.join(', ') };
  };
  return { slug, category: content.category, text: { 'zh-CN': language('zh-CN'), en: language('en') } };
}

const keywordsOf = (line: string) =>
  line
    .split(/[,，、]/)
    .map((k) => k.trim())
    .filter(Boolean);

export type FormCheck = { ok: true; content: ArticleContent; slug: string } | { ok: false; detail: string };

export function checkForm(form: ArticleForm): FormCheck {
  const slug = articleSlugSchema.safeParse(form.slug.trim());
  if (!slug.success) return { ok: false, detail: `slug: ${slug.error.issues[0]?.message ?? 'invalid'}` };
  const language = (locale: KnowledgeLocale) => ({ title: form.text[locale].title.trim(), body: parseBody(form.text[locale].body), keywords: keywordsOf(form.text[locale].keywords) });
  const parsed = articleContentSchema.safeParse({ category: form.category, text: { 'zh-CN': language('zh-CN'), en: language('en') } });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, content: parsed.data, slug: slug.data };
}
