// The Knowledge tab (issue 13, Self-help): the articles with their status, an editor per
// article (both languages, preview), save as a new version, publish a chosen version,
// unpublish, archive, and the version history with who did what and when. Every role that
// sees the tab reads; the hub refuses writes from anyone but admins and supervisors.
import { useMemo, useState } from 'react';
import type { ArticleDetail, ArticleSummary } from '../../../protocol/knowledge.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import { dateTime } from '../follow-ups/follow-up-format.js';
import { ArticleEditor } from './ArticleEditor.js';
import { KnowledgeClient } from './knowledge-client.js';
import { emptyForm, formOf, type ArticleForm, type FormCheck } from './knowledge-form.js';
import './knowledge.css';

const REFRESH_MS = 60_000;

type Editing = { kind: 'new' } | { kind: 'article'; detail: ArticleDetail };

function ArticleRow({ item, locale, onOpen }: { item: ArticleSummary; locale: 'zh-CN' | 'en'; onOpen: () => void }) {
  const t = useT();
  return (
    <tr data-testid="knowledge-row" data-status={item.status} data-slug={item.slug}>
      <td>
        <button type="button" className="knowledge-open" onClick={onOpen} data-testid="knowledge-open">
          {item.title[locale]}
        </button>
      </td>
      <td>{t(`knowledge.category.${item.category}`)}</td>
      <td data-testid="knowledge-row-status">{t(`knowledge.status.${item.status}`)}</td>
      <td>{item.publishedVersion === null ? t('knowledge.draftVersion', { latest: item.latestVersion }) : t('knowledge.publishedVersion', { published: item.publishedVersion, latest: item.latestVersion })}</td>
      <td>{t('knowledge.byAt', { who: item.updated.byName, at: dateTime(item.updated.at, locale) })}</td>
    </tr>
  );
}

function History({ detail, locale, busy, onPublish, onLoad }: { detail: ArticleDetail; locale: 'zh-CN' | 'en'; busy: boolean; onPublish: (version: number) => void; onLoad: (version: number) => void }) {
  const t = useT();
  return (
    <section className="knowledge-history" aria-labelledby="knowledge-history-title" data-testid="knowledge-history">
      <h3 id="knowledge-history-title">{t('knowledge.history.title')}</h3>
      <table className="console-table">
        <thead>
          <tr>
            <th scope="col">{t('knowledge.history.version')}</th>
            <th scope="col">{t('knowledge.history.by')}</th>
            <th scope="col">{t('knowledge.history.at')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {detail.versions.map((v) => (
            <tr key={v.version} data-testid="knowledge-version">
              <td>
                v{v.version} {detail.publishedVersion === v.version && <strong>· {t('knowledge.history.published')}</strong>}
              </td>
              <td>{v.byName}</td>
              <td>{dateTime(v.at, locale)}</td>
              <td className="knowledge-history__actions">
                <BigButton variant="quiet" disabled={busy} onClick={() => onLoad(v.version)} data-testid="knowledge-version-load">
                  {t('knowledge.actions.load')}
                </BigButton>
                {detail.status !== 'archived' && detail.publishedVersion !== v.version && (
                  <BigButton variant="quiet" disabled={busy} onClick={() => onPublish(v.version)} data-testid="knowledge-version-publish">
                    {t('knowledge.actions.publishThis')}
                  </BigButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('knowledge.audit.title')}</h3>
      <ul className="knowledge-audit" data-testid="knowledge-audit">
        {detail.audit.map((entry, i) => (
          <li key={i}>
            {dateTime(entry.at, locale)} · {entry.byName} · {t(`knowledge.audit.${entry.event}`)}
            {entry.version !== null && ` v${entry.version}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function KnowledgeView() {
  const t = useT();
  const { session, locale } = useConsoleState();
  const token = session?.token ?? null;
  const client = useMemo(() => (token ? new KnowledgeClient(token) : null), [token]);
  const load = useMemo(() => (client ? () => client.list() : null), [client]);
  const { data: articles, error, refresh, failed } = useStaffResource(load, REFRESH_MS);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form, setForm] = useState<ArticleForm>(emptyForm());
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);

  const show = (detail: ArticleDetail) => {
    setEditing({ kind: 'article', detail });
    setForm(formOf(detail.slug, detail.content));
  };
  /** Runs an action that answers with the article; the list follows. */
  const act = async (work: (c: KnowledgeClient) => Promise<ArticleDetail>, after?: (detail: ArticleDetail) => void) => {
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
  const open = (articleId: string) => act((c) => c.detail(articleId));
  const save = (check: Extract<FormCheck, { ok: true }>) =>
    act(
      (c) => (editing?.kind === 'article' ? c.save(editing.detail.id, editing.detail.latestVersion, check.content) : c.create(check.slug, check.content)),
      (detail) => setSaved(detail.latestVersion),
    );
  const loadVersion = async (version: number) => {
    if (!client || editing?.kind !== 'article') return;
    try {
      const old = await client.version(editing.detail.id, version);
      setForm(formOf(editing.detail.slug, old.content));
    } catch (err) {
      failed(err);
    }
  };
  const detail = editing?.kind === 'article' ? editing.detail : null;

  return (
    <section className="knowledge-view" aria-labelledby="knowledge-title" data-testid="knowledge-view">
      <h2 id="knowledge-title">{t('knowledge.title')}</h2>
      <p>{t('knowledge.intro')}</p>
      {error && (
        <Notice tone="warning" testId="knowledge-error">
          {t(`knowledge.errors.${error}`)}
        </Notice>
      )}
      <div className="knowledge-toolbar">
        <BigButton
          onClick={() => {
            setEditing({ kind: 'new' });
            setForm(emptyForm());
            setSaved(null);
          }}
          data-testid="knowledge-new"
        >
          {t('knowledge.new')}
        </BigButton>
        <BigButton variant="secondary" onClick={() => void refresh()} data-testid="knowledge-refresh">
          {t('knowledge.refresh')}
        </BigButton>
      </div>
      <div className="knowledge-layout">
        <table className="console-table knowledge-list" data-testid="knowledge-list">
          <thead>
            <tr>
              <th scope="col">{t('knowledge.columns.title')}</th>
              <th scope="col">{t('knowledge.columns.category')}</th>
              <th scope="col">{t('knowledge.columns.status')}</th>
              <th scope="col">{t('knowledge.columns.version')}</th>
              <th scope="col">{t('knowledge.columns.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {(articles ?? []).map((item) => (
              <ArticleRow key={item.id} item={item} locale={locale} onOpen={() => void open(item.id)} />
            ))}
          </tbody>
        </table>
        {articles?.length === 0 && <p>{t('knowledge.empty')}</p>}
        {editing && (
          <div className="knowledge-detail" data-testid="knowledge-detail" data-status={detail?.status ?? 'new'}>
            <h3>{detail ? t('knowledge.editor.editTitle', { title: detail.title[locale] }) : t('knowledge.editor.newTitle')}</h3>
            {saved !== null && (
              <Notice tone="banner" testId="knowledge-saved">
                {t('knowledge.editor.saved', { version: saved })}
              </Notice>
            )}
            {detail && detail.status !== 'archived' && (
              <div className="knowledge-toolbar">
                {detail.publishedVersion !== detail.latestVersion && (
                  <BigButton disabled={busy} onClick={() => void act((c) => c.publish(detail.id, detail.latestVersion))} data-testid="knowledge-publish">
                    {t('knowledge.actions.publishLatest', { version: detail.latestVersion })}
                  </BigButton>
                )}
                {detail.status === 'published' && (
                  <BigButton variant="secondary" disabled={busy} onClick={() => void act((c) => c.unpublish(detail.id))} data-testid="knowledge-unpublish">
                    {t('knowledge.actions.unpublish')}
                  </BigButton>
                )}
                <BigButton variant="secondary" disabled={busy} onClick={() => void act((c) => c.archive(detail.id))} data-testid="knowledge-archive">
                  {t('knowledge.actions.archive')}
                </BigButton>
              </div>
            )}
            <ArticleEditor form={form} isNew={!detail} busy={busy} onChange={setForm} onSave={(check) => void save(check)} onClose={() => setEditing(null)} />
            {detail && <History detail={detail} locale={locale} busy={busy} onPublish={(v) => void act((c) => c.publish(detail.id, v))} onLoad={(v) => void loadVersion(v)} />}
          </div>
        )}
      </div>
    </section>
  );
}
