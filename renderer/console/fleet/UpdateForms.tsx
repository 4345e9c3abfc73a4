// The two forms of the Updates section: publish a release (the hub signs it with the key the
// kiosks pinned) and start a rollout of one (branches and/or a share of the other kiosks,
// with the branches' install window). Fields are checked with the protocol's schemas first,
// so a typo is explained here instead of coming back as a refusal.
import { useState, type FormEvent } from 'react';
import { channelSchema, type Release } from '../../../protocol/software-updates.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { errorCodeOf } from '../api/staff-resource.js';
import { useT } from '../ConsoleContext.js';
import type { ConsoleKey } from '../i18n/console-i18n.js';
import type { UpdatesApi } from './updates-client.js';
import { manifestOf, startRequestOf, type PublishFields, type StartFields } from './updates-format.js';

interface FormProps {
  api: UpdatesApi;
  onFailed: (error: unknown) => void;
}

/** Kept as key and values, not text: a language switch re-words a message already shown. */
type Outcome = { tone: 'banner' | 'warning'; key: ConsoleKey; vars?: Record<string, string | number> } | null;

export function PublishForm({ api, onPublished, onFailed }: FormProps & { onPublished: () => Promise<void> }) {
  const t = useT();
  const [fields, setFields] = useState<PublishFields>({ version: '', channel: 'stable', url: '', sha512: '', size: '' });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const set = (key: keyof PublishFields) => (value: string) => setFields((before) => ({ ...before, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const manifest = manifestOf(fields);
    if (!manifest) return setOutcome({ tone: 'warning', key: 'fleet.updates.publish.invalid' });
    setBusy(true);
    try {
      await api.publish(manifest);
      setOutcome({ tone: 'banner', key: 'fleet.updates.publish.done', vars: { version: manifest.version } });
      setFields({ version: '', channel: manifest.channel, url: '', sha512: '', size: '' });
      await onPublished();
    } catch (error) {
      if (errorCodeOf(error) === 'conflict') setOutcome({ tone: 'warning', key: 'fleet.updates.publish.exists', vars: { version: manifest.version } });
      else onFailed(error);
    } finally {
      setBusy(false);
    }
  };

  const field = (key: Exclude<keyof PublishFields, 'channel'>, label: string, extra: { inputMode?: 'numeric'; type?: string } = {}) => (
    <label>
      {label}
      <input value={fields[key]} onChange={(e) => set(key)(e.target.value)} data-testid={`fleet-publish-${key}`} spellCheck={false} autoComplete="off" {...extra} />
    </label>
  );

  return (
    <form className="console-form fleet-form" onSubmit={(e) => void submit(e)} data-testid="fleet-publish-form" aria-labelledby="fleet-publish-title">
      <h3 id="fleet-publish-title">{t('fleet.updates.publish.title')}</h3>
      {field('version', t('fleet.updates.publish.version'))}
      <label>
        {t('fleet.updates.publish.channel')}
        <select value={fields.channel} onChange={(e) => set('channel')(e.target.value)} data-testid="fleet-publish-channel">
          {channelSchema.options.map((channel) => (
            <option key={channel} value={channel}>
              {t(`fleet.updates.releases.channels.${channel}`)}
            </option>
          ))}
        </select>
      </label>
      {field('url', t('fleet.updates.publish.url'), { type: 'url' })}
      {field('sha512', t('fleet.updates.publish.sha512'))}
      {field('size', t('fleet.updates.publish.size'), { inputMode: 'numeric' })}
      <BigButton type="submit" disabled={busy} data-testid="fleet-publish-submit">
        {t('fleet.updates.publish.submit')}
      </BigButton>
      {outcome && (
        <Notice tone={outcome.tone} testId="fleet-publish-outcome">
          {t(outcome.key, outcome.vars)}
        </Notice>
      )}
    </form>
  );
}

export function StartRolloutForm({ api, releases, onStarted, onFailed }: FormProps & { releases: Release[]; onStarted: () => Promise<void> }) {
  const t = useT();
  const [fields, setFields] = useState<StartFields>({ version: '', branches: '', percentage: '0', from: '02:00', to: '05:00', timeZone: 'Asia/Shanghai' });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const set = (key: keyof StartFields) => (value: string) => setFields((before) => ({ ...before, [key]: value }));
  // The newest release until someone picks another (releases come newest first).
  const version = fields.version || (releases[0]?.version ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!version) return setOutcome({ tone: 'warning', key: 'fleet.updates.start.noRelease' });
    const request = startRequestOf({ ...fields, version });
    if (!request) return setOutcome({ tone: 'warning', key: 'fleet.updates.start.invalid' });
    setBusy(true);
    try {
      await api.startRollout(request);
      setOutcome({ tone: 'banner', key: 'fleet.updates.start.done', vars: { version } });
      await onStarted();
    } catch (error) {
      onFailed(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="console-form fleet-form" onSubmit={(e) => void submit(e)} data-testid="fleet-start-form" aria-labelledby="fleet-start-title">
      <h3 id="fleet-start-title">{t('fleet.updates.start.title')}</h3>
      <label>
        {t('fleet.updates.start.release')}
        <select value={version} onChange={(e) => set('version')(e.target.value)} data-testid="fleet-start-version">
          {releases.map((release) => (
            <option key={release.version} value={release.version}>
              {release.version} ({t(`fleet.updates.releases.channels.${release.channel}`)})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('fleet.updates.start.branches')}
        <input value={fields.branches} onChange={(e) => set('branches')(e.target.value)} data-testid="fleet-start-branches" spellCheck={false} />
      </label>
      <label>
        {t('fleet.updates.start.percentage')}
        <input type="number" min={0} max={100} value={fields.percentage} onChange={(e) => set('percentage')(e.target.value)} data-testid="fleet-start-percentage" />
      </label>
      <div className="fleet-form__row">
        <label>
          {t('fleet.updates.start.from')}
          <input type="time" value={fields.from} onChange={(e) => set('from')(e.target.value)} data-testid="fleet-start-from" />
        </label>
        <label>
          {t('fleet.updates.start.to')}
          <input type="time" value={fields.to} onChange={(e) => set('to')(e.target.value)} data-testid="fleet-start-to" />
        </label>
        <label>
          {t('fleet.updates.start.timeZone')}
          <input value={fields.timeZone} onChange={(e) => set('timeZone')(e.target.value)} data-testid="fleet-start-zone" spellCheck={false} />
        </label>
      </div>
      <BigButton type="submit" disabled={busy || releases.length === 0} data-testid="fleet-start-submit">
        {t('fleet.updates.start.submit')}
      </BigButton>
      {outcome && (
        <Notice tone={outcome.tone} testId="fleet-start-outcome">
          {t(outcome.key, outcome.vars)}
        </Notice>
      )}
    </form>
  );
}
