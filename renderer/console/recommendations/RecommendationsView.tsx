// The Recommendations tab (issue 13): the rules with how often kiosks showed each, how often
// customers accepted, and the rate; a rule's explain in words; create, edit (a stale edit is
// refused by the hub), enable and disable, with who did what and when. For supervisors and
// admins, as the hub's routes are.
import { useMemo, useState } from 'react';
import { acceptanceRate, type RuleDetail, type RuleSummary } from '../../../protocol/recommendations.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import { dateTime } from '../follow-ups/follow-up-format.js';
import { RecommendationClient } from './recommendation-client.js';
import { emptyForm, formOf, type FormCheck, type RuleForm } from './recommendation-form.js';
import { RuleEditor } from './RuleEditor.js';
import './recommendations.css';

const REFRESH_MS = 30_000;

type Editing = { kind: 'new' } | { kind: 'rule'; detail: RuleDetail };

const percent = (rate: number | null, locale: string) => (rate === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate));

function RuleRow({ rule, locale, onOpen }: { rule: RuleSummary; locale: 'zh-CN' | 'en'; onOpen: () => void }) {
  const t = useT();
  return (
    <tr data-testid="reco-row" data-enabled={rule.enabled} data-rule={rule.definition.name}>
      <td>
        <button type="button" className="reco-open" onClick={onOpen} data-testid="reco-open">
          {rule.definition.name}
        </button>
        <div className="reco-explain">{rule.explain[locale]}</div>
      </td>
      <td data-testid="reco-row-status">{t(rule.enabled ? 'recommendations.enabled' : 'recommendations.disabled')}</td>
      <td>{rule.definition.priority}</td>
      <td data-testid="reco-row-shown">{rule.counts.shown}</td>
      <td data-testid="reco-row-accepted">{rule.counts.accepted}</td>
      <td data-testid="reco-row-rate">{percent(acceptanceRate(rule.counts), locale)}</td>
    </tr>
  );
}

export function RecommendationsView() {
  const t = useT();
  const { session, locale } = useConsoleState();
  const token = session?.token ?? null;
  const client = useMemo(() => (token ? new RecommendationClient(token) : null), [token]);
  const load = useMemo(() => (client ? () => client.list() : null), [client]);
  const { data: rules, error, refresh, failed } = useStaffResource(load, REFRESH_MS);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form, setForm] = useState<RuleForm>(emptyForm());
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);

  const show = (detail: RuleDetail) => {
    setEditing({ kind: 'rule', detail });
    setForm(formOf(detail.definition, detail.enabled));
    setProblems([]);
  };
  const act = async (work: (c: RecommendationClient) => Promise<RuleDetail>, after?: (detail: RuleDetail) => void) => {
    if (!client) return;
    setBusy(true);
    setSaved(null);
    try {
      const detail = await work(client);
      show(detail);
      after?.(detail);
      await refresh();
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };
  const save = (check: Extract<FormCheck, { ok: true }>) =>
    act(
      (c) => (editing?.kind === 'rule' ? c.save(editing.detail.id, editing.detail.version, check.definition) : c.create(check.definition, form.enabled)),
      (detail) => setSaved(detail.version),
    );
  const detail = editing?.kind === 'rule' ? editing.detail : null;

  return (
    <section className="reco-view" aria-labelledby="reco-title" data-testid="recommendations-view">
      <h2 id="reco-title">{t('recommendations.title')}</h2>
      <p>{t('recommendations.intro')}</p>
      {error && (
        <Notice tone="warning" testId="reco-error">
          {t(`recommendations.errors.${error}`)}
        </Notice>
      )}
      <div className="reco-toolbar">
        <BigButton
          onClick={() => {
            setEditing({ kind: 'new' });
            setForm(emptyForm());
            setProblems([]);
            setSaved(null);
          }}
          data-testid="reco-new"
        >
          {t('recommendations.new')}
        </BigButton>
        <BigButton variant="secondary" onClick={() => void refresh()} data-testid="reco-refresh">
          {t('recommendations.refresh')}
        </BigButton>
      </div>
      <table className="console-table reco-list" data-testid="reco-list">
        <thead>
          <tr>
            <th scope="col">{t('recommendations.columns.rule')}</th>
            <th scope="col">{t('recommendations.columns.status')}</th>
            <th scope="col">{t('recommendations.columns.priority')}</th>
            <th scope="col">{t('recommendations.columns.shown')}</th>
            <th scope="col">{t('recommendations.columns.accepted')}</th>
            <th scope="col">{t('recommendations.columns.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {(rules ?? []).map((rule) => (
            <RuleRow key={rule.id} rule={rule} locale={locale} onOpen={() => void act((c) => c.detail(rule.id))} />
          ))}
        </tbody>
      </table>
      {rules?.length === 0 && <p>{t('recommendations.empty')}</p>}
      {editing && (
        <div className="reco-detail" data-testid="reco-detail">
          <h3>{detail ? t('recommendations.editor.editTitle', { name: detail.definition.name }) : t('recommendations.editor.newTitle')}</h3>
          {saved !== null && (
            <Notice tone="banner" testId="reco-saved">
              {t('recommendations.editor.saved', { version: saved })}
            </Notice>
          )}
          {detail && (
            <>
              <p className="reco-explain" data-testid="reco-explain">
                <strong>{t('recommendations.explainLabel')}</strong> {detail.explain[locale]}
              </p>
              <div className="reco-toolbar">
                <BigButton variant="secondary" disabled={busy} onClick={() => void act((c) => c.setEnabled(detail.id, !detail.enabled))} data-testid={detail.enabled ? 'reco-disable' : 'reco-enable'}>
                  {t(detail.enabled ? 'recommendations.disable' : 'recommendations.enable')}
                </BigButton>
              </div>
            </>
          )}
          <RuleEditor form={form} isNew={!detail} busy={busy} problems={problems} onChange={setForm} onProblems={setProblems} onSave={(check) => void save(check)} onClose={() => setEditing(null)} />
          {detail && (
            <section aria-labelledby="reco-audit-title">
              <h3 id="reco-audit-title">{t('recommendations.audit.title')}</h3>
              <ul className="reco-audit" data-testid="reco-audit">
                {detail.audit.map((entry, i) => (
                  <li key={i}>
                    {dateTime(entry.at, locale)} · {entry.byName} · {t(`recommendations.audit.${entry.event}`)} v{entry.version}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </section>
  );
}
