// One article's editor: both languages side by side (title, text in the editing markup,
// search words) with a live preview as the kiosk renders it, the category, and for a new
// article its short name. Save always makes a new version; publishing is a separate step.
import { useState } from 'react';
import { knowledgeCategorySchema, type KnowledgeLocale } from '../../../protocol/knowledge.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { ArticleBody } from '../../kiosk/help/ArticleBody.js';
import { useT } from '../ConsoleContext.js';
import { checkForm, type ArticleForm, type FormCheck } from './knowledge-form.js';

const LOCALES: readonly KnowledgeLocale[] = ['zh-CN', 'en'];

function LanguageFields({ locale, form, onChange }: { locale: KnowledgeLocale; form: ArticleForm; onChange: (next: ArticleForm) => void }) {
  const t = useT();
  const value = form.text[locale];
  const set = (field: keyof typeof value, text: string) => onChange({ ...form, text: { ...form.text, [locale]: { ...value, [field]: text } } });
  const id = (field: string) => `knowledge-${locale}-${field}`;
  const check = checkForm(form);
  const blocks = check.ok ? check.content.text[locale].body : null;
  return (
    <fieldset className="knowledge-language" lang={locale}>
      <legend>{t(`knowledge.editor.language.${locale}`)}</legend>
      <label htmlFor={id('title')}>{t('knowledge.editor.articleTitle')}</label>
      <input id={id('title')} value={value.title} maxLength={120} onChange={(e) => set('title', e.target.value)} data-testid={`knowledge-title-${locale}`} />
      <label htmlFor={id('body')}>{t('knowledge.editor.body')}</label>
      <textarea id={id('body')} value={value.body} rows={10} onChange={(e) => set('body', e.target.value)} data-testid={`knowledge-body-${locale}`} />
      <label htmlFor={id('keywords')}>{t('knowledge.editor.keywords')}</label>
      <input id={id('keywords')} value={value.keywords} onChange={(e) => set('keywords', e.target.value)} data-testid={`knowledge-keywords-${locale}`} />
      <section className="knowledge-preview" aria-label={t('knowledge.editor.preview', { language: t(`knowledge.editor.language.${locale}`) })} data-testid={`knowledge-preview-${locale}`}>
        <h3>{value.title}</h3>
        {blocks && <ArticleBody blocks={blocks} />}
      </section>
    </fieldset>
  );
}

export function ArticleEditor({
  form,
  isNew,
  busy,
  onChange,
  onSave,
  onClose,
}: {
  form: ArticleForm;
  isNew: boolean;
  busy: boolean;
  onChange: (next: ArticleForm) => void;
  onSave: (check: Extract<FormCheck, { ok: true }>) => void;
  onClose: () => void;
}) {
  const t = useT();
  const [problem, setProblem] = useState<string | null>(null);
  const save = () => {
    const check = checkForm(form);
    if (!check.ok) return setProblem(check.detail);
    setProblem(null);
    onSave(check);
  };
  return (
    <form
      className="knowledge-editor"
      data-testid="knowledge-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="knowledge-editor__meta">
        {isNew && (
          <>
            <label htmlFor="knowledge-slug">{t('knowledge.editor.slug')}</label>
            <input id="knowledge-slug" value={form.slug} onChange={(e) => onChange({ ...form, slug: e.target.value })} data-testid="knowledge-slug" />
          </>
        )}
        <label htmlFor="knowledge-category">{t('knowledge.editor.category')}</label>
        <select id="knowledge-category" value={form.category} onChange={(e) => onChange({ ...form, category: knowledgeCategorySchema.parse(e.target.value) })} data-testid="knowledge-category">
          {knowledgeCategorySchema.options.map((c) => (
            <option key={c} value={c}>
              {t(`knowledge.category.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="knowledge-editor__help">{t('knowledge.editor.bodyHelp')}</p>
      <div className="knowledge-editor__languages">
        {LOCALES.map((locale) => (
          <LanguageFields key={locale} locale={locale} form={form} onChange={onChange} />
        ))}
      </div>
      {problem && (
        <Notice tone="warning" testId="knowledge-invalid">
          {t('knowledge.editor.invalid', { detail: problem })}
        </Notice>
      )}
      <div className="knowledge-editor__actions">
        <BigButton type="submit" disabled={busy} data-testid="knowledge-save">
          {busy ? t('knowledge.editor.saving') : t('knowledge.editor.save')}
        </BigButton>
        <BigButton variant="secondary" onClick={onClose} data-testid="knowledge-close">
          {t('knowledge.editor.cancel')}
        </BigButton>
      </div>
    </form>
  );
}
