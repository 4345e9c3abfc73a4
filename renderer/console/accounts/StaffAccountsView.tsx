// Staff accounts (admins): create a colleague's account with a role — operations among them —
// and hand over the authenticator secret, which the hub shows this once. Languages and topics
// are asked only of roles that take calls. Fields are checked with the protocol's schema first.
import { useMemo, useState, type FormEvent } from 'react';
import { languageSchema, staffRoleSchema, topicSchema, type Language, type StaffRole, type Topic } from '../../../protocol/assist-values.js';
import { createStaffRequestSchema, type CreateStaffResponse } from '../../../protocol/staff-api.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { errorCodeOf } from '../api/staff-resource.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import type { ConsoleKey } from '../i18n/console-i18n.js';
import { AccountsClient, type AccountsApi } from './accounts-client.js';
// The form styles of the fleet tab's forms (fields, check boxes), shared rather than copied.
import '../fleet/fleet.css';
import './accounts.css';

const TAKES_CALLS: readonly StaffRole[] = ['expert', 'supervisor', 'admin'];

type Problem = { key: ConsoleKey; vars?: Record<string, string> } | null;

export function StaffAccountsForm({ api }: { api: AccountsApi }) {
  const t = useT();
  const controller = useController();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRole>('operations');
  const [password, setPassword] = useState('');
  const [languages, setLanguages] = useState<Language[]>([]);
  const [topics, setTopics] = useState<Topic[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);
  const [created, setCreated] = useState<CreateStaffResponse | null>(null);
  const takesCalls = TAKES_CALLS.includes(role);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const request = createStaffRequestSchema.safeParse({ username: username.trim(), displayName: displayName.trim(), role, password, languages: takesCalls ? languages : [], topics: takesCalls ? topics : [] });
    if (!request.success) return setProblem({ key: 'accounts.invalid' });
    setBusy(true);
    setProblem(null);
    setCreated(null);
    try {
      setCreated(await api.create(request.data));
      setUsername('');
      setDisplayName('');
      setPassword('');
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'session-expired') controller.signOut('session-expired');
      setProblem(code === 'conflict' ? { key: 'accounts.taken', vars: { username: request.data.username } } : code === 'forbidden' ? { key: 'accounts.forbidden' } : { key: 'accounts.failed' });
    } finally {
      setBusy(false);
    }
  };

  const toggle = <T,>(list: T[], value: T, on: boolean): T[] => (on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));

  return (
    <form className="console-form fleet-form" onSubmit={(e) => void submit(e)} data-testid="accounts-form">
      <label>
        {t('accounts.username')}
        <input value={username} onChange={(e) => setUsername(e.target.value)} data-testid="accounts-username" autoComplete="off" spellCheck={false} />
      </label>
      <label>
        {t('accounts.displayName')}
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="accounts-display-name" autoComplete="off" />
      </label>
      <label>
        {t('accounts.role')}
        <select value={role} onChange={(e) => setRole(staffRoleSchema.parse(e.target.value))} data-testid="accounts-role">
          {staffRoleSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`roles.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="console-muted" data-testid="accounts-role-hint">
        {t(`accounts.roleHints.${role}`)}
      </p>
      <label>
        {t('accounts.password')}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="accounts-password" autoComplete="new-password" />
      </label>
      {takesCalls ? (
        <>
          <fieldset className="fleet-kinds" data-testid="accounts-languages">
            <legend>{t('accounts.languages')}</legend>
            {languageSchema.options.map((language) => (
              <label key={language} className="fleet-check">
                <input type="checkbox" checked={languages.includes(language)} onChange={(e) => setLanguages(toggle(languages, language, e.target.checked))} />
                {t(`languages.${language}`)}
              </label>
            ))}
          </fieldset>
          <fieldset className="fleet-kinds" data-testid="accounts-topics">
            <legend>{t('accounts.topics')}</legend>
            {topicSchema.options.map((topic) => (
              <label key={topic} className="fleet-check">
                <input type="checkbox" checked={topics.includes(topic)} onChange={(e) => setTopics(toggle(topics, topic, e.target.checked))} />
                {t(`topics.${topic}`)}
              </label>
            ))}
          </fieldset>
        </>
      ) : (
        <p className="console-muted">{t('accounts.callsOnly')}</p>
      )}
      <BigButton type="submit" disabled={busy} data-testid="accounts-submit">
        {t('accounts.submit')}
      </BigButton>
      {problem && (
        <Notice tone="warning" testId="accounts-problem">
          {t(problem.key, problem.vars)}
        </Notice>
      )}
      {created && (
        <div data-testid="accounts-created" data-role={created.staff.role}>
          <Notice tone="banner">{t('accounts.created', { username: created.staff.username })}</Notice>
          <dl>
            <dt>{t('accounts.secret')}</dt>
            <dd>
              <code data-testid="accounts-totp-secret">{created.totpSecret}</code>
            </dd>
            <dt>{t('accounts.uri')}</dt>
            <dd>
              <code className="accounts-uri">{created.otpauthUri}</code>
            </dd>
          </dl>
        </div>
      )}
    </form>
  );
}

export function StaffAccountsView() {
  const t = useT();
  const { session } = useConsoleState();
  const token = session?.token ?? null;
  const api = useMemo(() => (token ? new AccountsClient(token) : null), [token]);
  return (
    <section className="console-panel" data-testid="accounts-view" aria-labelledby="accounts-title">
      <h1 id="accounts-title" className="console-title">
        {t('accounts.title')}
      </h1>
      <p>{t('accounts.intro')}</p>
      {api && <StaffAccountsForm api={api} />}
    </section>
  );
}
