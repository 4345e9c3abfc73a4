// The rule editor: when (journey, outcome, conditions), what to suggest in both languages,
// the action, priority and active window. Checked with the hub's schema before it is sent.
import type { ReactNode } from 'react';
import { billerCategorySchema } from '../../../protocol/core-banking.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useT } from '../ConsoleContext.js';
import { checkForm, type FormCheck, type RuleForm } from './recommendation-form.js';

interface Props {
  form: RuleForm;
  isNew: boolean;
  busy: boolean;
  problems: string[];
  onChange: (form: RuleForm) => void;
  onSave: (check: Extract<FormCheck, { ok: true }>) => void;
  onProblems: (problems: string[]) => void;
  onClose: () => void;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="reco-field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function RuleEditor({ form, isNew, busy, problems, onChange, onSave, onProblems, onClose }: Props) {
  const t = useT();
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => onChange({ ...form, [key]: value });
  const text = (key: 'name' | 'amountAtLeast' | 'amountAtMost' | 'serviceIds' | 'hourFrom' | 'hourTo' | 'titleZh' | 'titleEn' | 'articleId' | 'ticketServiceId' | 'priority', testId: string, extra: { type?: string; inputMode?: 'numeric' | 'decimal' } = {}) => (
    <input className="reco-input" value={form[key]} onChange={(e) => set(key, e.target.value)} data-testid={testId} {...extra} />
  );
  const save = () => {
    const check = checkForm(form);
    if (check.ok) onSave(check);
    else onProblems(check.problems);
  };
  return (
    <form
      className="reco-editor"
      data-testid="reco-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {problems.length > 0 && (
        <Notice tone="warning" testId="reco-problems">
          {t('recommendations.editor.problems', { fields: problems.map((p) => t(`recommendations.fields.${p as 'name'}`)).join(', ') })}
        </Notice>
      )}
      <fieldset className="reco-group">
        <legend>{t('recommendations.editor.when')}</legend>
        <Field label={t('recommendations.fields.name')}>{text('name', 'reco-name')}</Field>
        <Field label={t('recommendations.fields.journey')}>
          <select className="reco-input" value={form.journey} onChange={(e) => set('journey', e.target.value as RuleForm['journey'])} data-testid="reco-journey">
            {(['bill-payment', 'queue-ticket', 'account-services'] as const).map((j) => (
              <option key={j} value={j}>
                {t(`recommendations.journey.${j}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('recommendations.fields.outcome')}>
          <select className="reco-input" value={form.outcome} onChange={(e) => set('outcome', e.target.value as RuleForm['outcome'])} data-testid="reco-outcome">
            {(['success', 'failure', 'any'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`recommendations.outcome.${o}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('recommendations.fields.billerCategory')}>
          <select className="reco-input" value={form.billerCategory} onChange={(e) => set('billerCategory', e.target.value as RuleForm['billerCategory'])} data-testid="reco-biller-category">
            <option value="">{t('recommendations.any')}</option>
            {billerCategorySchema.options.map((c) => (
              <option key={c} value={c}>
                {t(`recommendations.category.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <label className="reco-check">
          <input type="checkbox" checked={form.paidByCard} onChange={(e) => set('paidByCard', e.target.checked)} data-testid="reco-paid-by-card" />
          <span>{t('recommendations.fields.paidByCard')}</span>
        </label>
        <Field label={t('recommendations.fields.amountAtLeast')}>{text('amountAtLeast', 'reco-amount-min', { inputMode: 'decimal' })}</Field>
        <Field label={t('recommendations.fields.amountAtMost')}>{text('amountAtMost', 'reco-amount-max', { inputMode: 'decimal' })}</Field>
        <Field label={t('recommendations.fields.serviceIds')}>{text('serviceIds', 'reco-services')}</Field>
        <Field label={t('recommendations.fields.hourFrom')}>{text('hourFrom', 'reco-hour-from', { inputMode: 'numeric' })}</Field>
        <Field label={t('recommendations.fields.hourTo')}>{text('hourTo', 'reco-hour-to', { inputMode: 'numeric' })}</Field>
      </fieldset>
      <fieldset className="reco-group">
        <legend>{t('recommendations.editor.suggest')}</legend>
        <Field label={t('recommendations.fields.kind')}>
          <select className="reco-input" value={form.kind} onChange={(e) => set('kind', e.target.value as RuleForm['kind'])} data-testid="reco-kind">
            <option value="marketing">{t('recommendations.kind.marketing')}</option>
            <option value="service-info">{t('recommendations.kind.service-info')}</option>
          </select>
        </Field>
        <Field label={t('recommendations.fields.titleZh')}>{text('titleZh', 'reco-title-zh')}</Field>
        <Field label={t('recommendations.fields.titleEn')}>{text('titleEn', 'reco-title-en')}</Field>
        <Field label={t('recommendations.fields.textZh')}>
          <textarea className="reco-input" rows={3} value={form.textZh} onChange={(e) => set('textZh', e.target.value)} data-testid="reco-text-zh" />
        </Field>
        <Field label={t('recommendations.fields.textEn')}>
          <textarea className="reco-input" rows={3} value={form.textEn} onChange={(e) => set('textEn', e.target.value)} data-testid="reco-text-en" />
        </Field>
        <Field label={t('recommendations.fields.action')}>
          <select className="reco-input" value={form.action} onChange={(e) => set('action', e.target.value as RuleForm['action'])} data-testid="reco-action">
            {(['none', 'slip', 'article', 'ticket'] as const).map((a) => (
              <option key={a} value={a}>
                {t(`recommendations.action.${a}`)}
              </option>
            ))}
          </select>
        </Field>
        {form.action === 'article' && <Field label={t('recommendations.fields.articleId')}>{text('articleId', 'reco-article-id')}</Field>}
        {form.action === 'ticket' && <Field label={t('recommendations.fields.ticketServiceId')}>{text('ticketServiceId', 'reco-ticket-service')}</Field>}
        <Field label={t('recommendations.fields.priority')}>{text('priority', 'reco-priority', { inputMode: 'numeric' })}</Field>
        <Field label={t('recommendations.fields.activeFrom')}>
          <input className="reco-input" type="datetime-local" value={form.activeFrom} onChange={(e) => set('activeFrom', e.target.value)} data-testid="reco-active-from" />
        </Field>
        <Field label={t('recommendations.fields.activeUntil')}>
          <input className="reco-input" type="datetime-local" value={form.activeUntil} onChange={(e) => set('activeUntil', e.target.value)} data-testid="reco-active-until" />
        </Field>
        {isNew && (
          <label className="reco-check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="reco-enabled" />
            <span>{t('recommendations.fields.enabled')}</span>
          </label>
        )}
      </fieldset>
      <div className="reco-toolbar">
        <BigButton type="submit" disabled={busy} data-testid="reco-save">
          {isNew ? t('recommendations.editor.create') : t('recommendations.editor.save')}
        </BigButton>
        <BigButton variant="secondary" onClick={onClose} data-testid="reco-close">
          {t('recommendations.editor.close')}
        </BigButton>
      </div>
    </form>
  );
}
