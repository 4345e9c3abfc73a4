// The alert webhook in the Fleet tab (admins and operations staff): where alerts go outside
// the hub, which kinds, on or off, and a test send. The secret is write-only: the hub says
// only whether one is stored, and an empty field keeps it.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { alertKindSchema, type AlertKind } from '../../../protocol/fleet-alerts.js';
import { webhookSettingsRequestSchema, type WebhookSettings } from '../../../protocol/fleet-webhook.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { errorCodeOf } from '../api/staff-resource.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import type { ConsoleKey } from '../i18n/console-i18n.js';
import type { WebhookApi } from './updates-client.js';
import { dateTime } from './updates-format.js';

const REFRESH_MS = 30_000;
/** Kept as key and values, not text: a language switch re-words a message already shown. */
type Outcome = { tone: 'banner' | 'warning'; key: ConsoleKey; vars?: Record<string, string | number> } | null;

export function WebhookPanel({ api }: { api: WebhookApi | null }) {
  const t = useT();
  const { locale } = useConsoleState();
  const load = useMemo(() => (api ? () => api.webhook() : null), [api]);
  const { data, error, refresh, failed } = useStaffResource<WebhookSettings>(load, REFRESH_MS);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [kinds, setKinds] = useState<AlertKind[]>([]);
  const [enabled, setEnabled] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const loadedAt = data?.updatedAt ?? data?.source ?? null;

  // The form starts from what the hub has, and again after someone else saved.
  useEffect(() => {
    if (!data) return;
    setUrl(data.url ?? '');
    setKinds(data.kinds);
    setEnabled(data.source === 'none' ? true : data.enabled);
    // Only when the stored settings change (loadedAt), not at every refresh: typing is kept.
  }, [loadedAt]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!api) return;
    const request = webhookSettingsRequestSchema.safeParse({ url: url.trim(), kinds, enabled, ...(secret === '' ? {} : { secret }) });
    if (!request.success || (secret === '' && !data?.secretSet)) return setOutcome({ tone: 'warning', key: 'fleet.webhook.invalid' });
    setBusy(true);
    try {
      await api.saveWebhook(request.data);
      setSecret('');
      setOutcome({ tone: 'banner', key: 'fleet.webhook.saved' });
      await refresh();
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };

  const test = async () => {
    if (!api) return;
    setBusy(true);
    try {
      const result = await api.testWebhook();
      setOutcome(result.ok ? { tone: 'banner', key: 'fleet.webhook.testOk', vars: { status: result.status ?? '' } } : { tone: 'warning', key: 'fleet.webhook.testFailed', vars: { error: result.error ?? '' } });
    } catch (err) {
      if (errorCodeOf(err) === 'conflict') setOutcome({ tone: 'warning', key: 'fleet.webhook.noWebhook' });
      else failed(err);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (kind: AlertKind, on: boolean) => setKinds((before) => (on ? [...before.filter((k) => k !== kind), kind] : before.filter((k) => k !== kind)));

  return (
    <section className="console-panel" data-testid="fleet-webhook" aria-labelledby="fleet-webhook-title" data-loaded={data !== null} data-source={data?.source ?? ''}>
      <h1 id="fleet-webhook-title" className="console-title">
        {t('fleet.webhook.title')}
      </h1>
      {error && (
        <Notice tone="danger" testId="fleet-webhook-error">
          {t(`fleet.errors.${error}`)}
        </Notice>
      )}
      <p>{t('fleet.webhook.intro')}</p>
      {data && <p className="console-muted" data-testid="fleet-webhook-source">{t(`fleet.webhook.source.${data.source}`)}</p>}
      {data?.updatedAt && <p className="console-muted">{t('fleet.webhook.lastChange', { time: dateTime(data.updatedAt, locale), who: data.updatedByName ?? data.updatedBy ?? '?' })}</p>}
      <form className="console-form fleet-form" onSubmit={(e) => void save(e)} data-testid="fleet-webhook-form">
        <label>
          {t('fleet.webhook.url')}
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="fleet-webhook-url" spellCheck={false} autoComplete="off" />
        </label>
        <label>
          {t('fleet.webhook.secret')}
          <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} data-testid="fleet-webhook-secret" autoComplete="new-password" />
        </label>
        {data?.secretSet && <p className="console-muted">{t('fleet.webhook.secretKept')}</p>}
        <fieldset className="fleet-kinds">
          <legend>{t('fleet.webhook.kinds')}</legend>
          {alertKindSchema.options.map((kind) => (
            <label key={kind} className="fleet-check">
              <input type="checkbox" checked={kinds.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} data-testid="fleet-webhook-kind" data-kind={kind} />
              {t(`fleet.kinds.${kind}`)}
            </label>
          ))}
        </fieldset>
        <label className="fleet-check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="fleet-webhook-enabled" />
          {t('fleet.webhook.enabled')}
        </label>
        <div className="fleet-commands__buttons">
          <BigButton type="submit" disabled={busy || !api} data-testid="fleet-webhook-save">
            {t('fleet.webhook.save')}
          </BigButton>
          <BigButton variant="secondary" disabled={busy || !api || data?.source === 'none'} onClick={() => void test()} data-testid="fleet-webhook-test">
            {t('fleet.webhook.test')}
          </BigButton>
        </div>
        {outcome && (
          <Notice tone={outcome.tone} testId="fleet-webhook-outcome">
            {t(outcome.key, outcome.vars)}
          </Notice>
        )}
      </form>
    </section>
  );
}
