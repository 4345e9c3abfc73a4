// Staff accounts (admins): the accounts with who may sign in; disable one at once (a colleague
// who left: signed out everywhere) or enable it again; reset a sign-in (a lost phone: new first
// password and authenticator, shown once); create a colleague's account with a role —
// operations among them. Languages and topics are asked only of roles that take calls. Fields
// are checked with the protocol's schema first.
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { languageSchema, staffRoleSchema, topicSchema, type Language, type StaffRole, type Topic } from '../../../protocol/assist-values.js';
import { createStaffRequestSchema, passwordSchema, type CreateStaffResponse, type StaffListing } from '../../../protocol/staff-api.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { errorCodeOf } from '../api/staff-resource.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import type { ConsoleKey } from '../i18n/console-i18n.js';
import { AccountsClient, type AccountsApi } from './accounts-client.js';
// The form styles of the fleet tab's forms (fields, check boxes), shared rather than copied.
import '../fleet/fleet.css';
import './accounts.css';

const TAKES_CALLS: readonly StaffRole[] = ['expert', 'supervisor', 'admin'];

type Problem = { key: ConsoleKey; vars?: Record<string, string> } | null;

export function StaffAccountsForm({ api, onCreated }: { api: AccountsApi; onCreated?: () => void }) {
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
      onCreated?.();
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

type ListOutcome = { tone: 'banner' | 'warning'; key: ConsoleKey; vars?: Record<string, string>; secret?: CreateStaffResponse } | null;

export function StaffAccountsList({ api, selfId, version }: { api: AccountsApi; selfId: string | null; version: number }) {
  const t = useT();
  // `version` changes when an account was created here: the list loads again.
  const load = useMemo(() => (version >= 0 ? () => api.list() : null), [api, version]);
  const { data, refresh, failed } = useStaffResource(load, 30_000);
  const [busy, setBusy] = useState<string | null>(null);
  const [resetting, setResetting] = useState<StaffListing | null>(null);
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<ListOutcome>(null);

  const act = useCallback(
    async (staffId: string, work: () => Promise<ListOutcome>) => {
      setBusy(staffId);
      setOutcome(null);
      try {
        setOutcome(await work());
        await refresh();
      } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'session-expired') failed(error);
        setOutcome({ tone: 'warning', key: code === 'conflict' ? 'accounts.list.lastAdmin' : 'accounts.list.failed' });
      } finally {
        setBusy(null);
      }
    },
    [refresh, failed],
  );

  const toggle = (user: StaffListing) =>
    void act(user.staffId, async () => {
      await api.setDisabled(user.staffId, !user.disabled);
      return { tone: 'banner', key: user.disabled ? 'accounts.list.enabledDone' : 'accounts.list.disabledDone', vars: { username: user.username } };
    });

  const reset = (event: FormEvent) => {
    event.preventDefault();
    const user = resetting;
    if (!user || !passwordSchema.safeParse(password).success) return setOutcome({ tone: 'warning', key: 'accounts.invalid' });
    void act(user.staffId, async () => {
      const secret = await api.resetSignIn(user.staffId, password);
      setResetting(null);
      setPassword('');
      return { tone: 'banner', key: 'accounts.list.resetDone', vars: { username: user.username }, secret };
    });
  };

  return (
    <div data-testid="accounts-list" data-loaded={data !== null}>
      <h2 className="console-subtitle">{t('accounts.list.title')}</h2>
      {data?.length === 0 && <p className="console-muted">{t('accounts.list.empty')}</p>}
      {data && data.length > 0 && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">{t('accounts.list.name')}</th>
              <th scope="col">{t('accounts.list.username')}</th>
              <th scope="col">{t('accounts.list.role')}</th>
              <th scope="col">{t('accounts.list.status')}</th>
              <th scope="col">{t('accounts.list.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((user) => (
              <tr key={user.staffId} data-testid="accounts-row" data-username={user.username} data-disabled={user.disabled}>
                <td>
                  {user.displayName} {user.staffId === selfId && <span className="console-muted">{t('accounts.list.you')}</span>}
                </td>
                <td>{user.username}</td>
                <td>{t(`roles.${user.role}`)}</td>
                <td>{t(user.disabled ? 'accounts.list.disabled' : 'accounts.list.active')}</td>
                <td className="accounts-actions">
                  {user.staffId !== selfId && (
                    <BigButton variant="quiet" disabled={busy !== null} onClick={() => toggle(user)} data-testid={user.disabled ? 'accounts-enable' : 'accounts-disable'}>
                      {t(user.disabled ? 'accounts.list.enable' : 'accounts.list.disable')}
                    </BigButton>
                  )}
                  <BigButton variant="quiet" disabled={busy !== null} onClick={() => setResetting(user)} data-testid="accounts-reset">
                    {t('accounts.list.reset')}
                  </BigButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {resetting && (
        <form className="console-form fleet-form" onSubmit={reset} data-testid="accounts-reset-form">
          <label>
            {t('accounts.list.newPassword', { name: resetting.displayName })}
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="accounts-reset-password" autoComplete="new-password" />
          </label>
          <div className="fleet-commands__buttons">
            <BigButton type="submit" disabled={busy !== null} data-testid="accounts-reset-confirm">
              {t('accounts.list.confirmReset')}
            </BigButton>
            <BigButton variant="secondary" onClick={() => setResetting(null)}>
              {t('accounts.list.cancel')}
            </BigButton>
          </div>
        </form>
      )}
      {outcome && (
        <div data-testid="accounts-list-outcome">
          <Notice tone={outcome.tone}>{t(outcome.key, outcome.vars)}</Notice>
          {outcome.secret && (
            <dl>
              <dt>{t('accounts.secret')}</dt>
              <dd>
                <code data-testid="accounts-reset-secret">{outcome.secret.totpSecret}</code>
              </dd>
              <dt>{t('accounts.uri')}</dt>
              <dd>
                <code className="accounts-uri">{outcome.secret.otpauthUri}</code>
              </dd>
            </dl>
          )}
        </div>
      )}
    </div>
  );
}

export function StaffAccountsView() {
  const t = useT();
  const { session } = useConsoleState();
  const token = session?.token ?? null;
  const api = useMemo(() => (token ? new AccountsClient(token) : null), [token]);
  const [version, setVersion] = useState(0);
  return (
    <section className="console-panel" data-testid="accounts-view" aria-labelledby="accounts-title">
      <h1 id="accounts-title" className="console-title">
        {t('accounts.title')}
      </h1>
      <p>{t('accounts.intro')}</p>
      {api && <StaffAccountsList api={api} selfId={session?.staff.staffId ?? null} version={version} />}
      {api && <StaffAccountsForm api={api} onCreated={() => setVersion((v) => v + 1)} />}
    </section>
  );
}
