// @vitest-environment jsdom
// The admin's accounts: the create form (an operations account with no languages or topics
// asked, the authenticator secret shown once, a taken username and bad fields explained) and
// the list (disable/enable, reset sign-in with the new secret shown once, own account and the
// last admin protected); both languages.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CreateStaffRequest, CreateStaffResponse, StaffListing } from '../../../protocol/staff-api.js';
import { StaffResourceError } from '../api/staff-resource.js';
import { ConsoleProvider } from '../ConsoleContext.js';
import type { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n, type ConsoleLocale } from '../i18n/console-i18n.js';
import type { ConsoleState } from '../state/console-store.js';
import type { AccountsApi } from './accounts-client.js';
import { StaffAccountsForm, StaffAccountsList } from './StaffAccountsView.js';

afterEach(cleanup);

const SELF = '018f0000-0000-7000-8000-0000000000a1';
const TELLER = '018f0000-0000-7000-8000-0000000000b2';
const listing = (staffId: string, username: string, role: StaffListing['role'], disabled = false): StaffListing => ({ staffId, username, displayName: username, role, languages: [], topics: [], disabled, createdAt: '2026-12-01T08:00:00.000Z' });

class FakeAccounts implements AccountsApi {
  requests: CreateStaffRequest[] = [];
  refuse: StaffResourceError | null = null;
  users: StaffListing[] = [listing(SELF, 'admin', 'admin'), listing(TELLER, 'wang.teller', 'teller')];
  resets: { staffId: string; password: string }[] = [];
  async list(): Promise<StaffListing[]> {
    return this.users.map((u) => ({ ...u }));
  }
  async setDisabled(staffId: string, disabled: boolean): Promise<StaffListing> {
    if (this.refuse) throw this.refuse;
    const user = this.users.find((u) => u.staffId === staffId)!;
    user.disabled = disabled;
    return { ...user };
  }
  async resetSignIn(staffId: string, password: string): Promise<CreateStaffResponse> {
    this.resets.push({ staffId, password });
    const user = this.users.find((u) => u.staffId === staffId)!;
    return { staff: user, totpSecret: 'NEWSECRETNEWSECR', otpauthUri: `otpauth://totp/BranchKiosk:${user.username}?secret=NEWSECRETNEWSECR` };
  }
  async create(request: CreateStaffRequest): Promise<CreateStaffResponse> {
    if (this.refuse) throw this.refuse;
    this.requests.push(request);
    return {
      staff: { staffId: '018f0000-0000-7000-8000-0000000000cc', username: request.username, displayName: request.displayName, role: request.role, languages: request.languages, topics: request.topics },
      totpSecret: 'JBSWY3DPEHPK3PXP',
      otpauthUri: `otpauth://totp/BranchKiosk:${request.username}?secret=JBSWY3DPEHPK3PXP`,
    };
  }
}

function renderWith(locale: ConsoleLocale, element: React.ReactElement) {
  const state = { locale } as unknown as ConsoleState;
  const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, signOut: vi.fn() } as unknown as ConsoleController;
  render(
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      {element}
    </ConsoleProvider>,
  );
}
const renderForm = (locale: ConsoleLocale, api: AccountsApi) => renderWith(locale, <StaffAccountsForm api={api} />);

const fill = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('creating staff accounts', () => {
  it('creates an operations account without languages or topics and shows the authenticator secret once (en)', async () => {
    const api = new FakeAccounts();
    renderForm('en', api);
    expect((screen.getByTestId('accounts-role') as HTMLSelectElement).value).toBe('operations');
    expect(screen.queryByTestId('accounts-languages')).toBeNull();
    expect(screen.getByTestId('accounts-role-hint').textContent).toBe('runs the fleet: kiosks, alerts, commands, updates; no customers');
    fill('accounts-username', 'zhao.ops');
    fill('accounts-display-name', 'Zhao Ops');
    fill('accounts-password', 'a long first password');
    fireEvent.submit(screen.getByTestId('accounts-form'));
    await waitFor(() => expect(api.requests).toEqual([{ username: 'zhao.ops', displayName: 'Zhao Ops', role: 'operations', password: 'a long first password', languages: [], topics: [] }]));
    expect((await screen.findByTestId('accounts-totp-secret')).textContent).toBe('JBSWY3DPEHPK3PXP');
    expect(screen.getByTestId('accounts-created').dataset.role).toBe('operations');
    expect((screen.getByTestId('accounts-password') as HTMLInputElement).value).toBe('');
  });

  it('asks call-takers for languages and topics; a short password and a taken name are explained (zh-CN)', async () => {
    const api = new FakeAccounts();
    renderForm('zh-CN', api);
    fill('accounts-role', 'expert');
    expect(screen.getByTestId('accounts-languages')).toBeTruthy();
    fill('accounts-username', 'li.expert');
    fill('accounts-display-name', '李');
    fill('accounts-password', 'short');
    fireEvent.submit(screen.getByTestId('accounts-form'));
    expect((await screen.findByTestId('accounts-problem')).textContent).toContain('至少 12 个字符的密码');
    expect(api.requests).toEqual([]);
    fill('accounts-password', 'a long first password');
    api.refuse = new StaffResourceError('conflict', '409');
    fireEvent.submit(screen.getByTestId('accounts-form'));
    await waitFor(() => expect(screen.getByTestId('accounts-problem').textContent).toBe('用户名 li.expert 已被占用。'));
  });
});

describe('the accounts list', () => {
  const row = (username: string) => screen.getAllByTestId('accounts-row').find((r) => r.dataset.username === username)!;

  it('disables and enables a colleague, never oneself; the last admin is explained (en)', async () => {
    const api = new FakeAccounts();
    renderWith('en', <StaffAccountsList api={api} selfId={SELF} version={0} />);
    await waitFor(() => expect(screen.getAllByTestId('accounts-row')).toHaveLength(2));
    expect(within(row('admin')).queryByTestId('accounts-disable')).toBeNull();
    expect(row('admin').textContent).toContain('(you)');
    fireEvent.click(within(row('wang.teller')).getByTestId('accounts-disable'));
    await waitFor(() => expect(row('wang.teller').dataset.disabled).toBe('true'));
    expect(screen.getByTestId('accounts-list-outcome').textContent).toBe('wang.teller is disabled: signed out everywhere now.');
    expect(row('wang.teller').textContent).toContain('Disabled');
    fireEvent.click(within(row('wang.teller')).getByTestId('accounts-enable'));
    await waitFor(() => expect(row('wang.teller').dataset.disabled).toBe('false'));
    api.refuse = new StaffResourceError('conflict', '409');
    fireEvent.click(within(row('wang.teller')).getByTestId('accounts-disable'));
    await waitFor(() => expect(screen.getByTestId('accounts-list-outcome').textContent).toBe('This is the last enabled admin: enable or create another admin first.'));
  });

  it('resets a sign-in with a new first password and shows the new authenticator secret once (zh-CN)', async () => {
    const api = new FakeAccounts();
    renderWith('zh-CN', <StaffAccountsList api={api} selfId={SELF} version={0} />);
    await waitFor(() => expect(screen.getAllByTestId('accounts-row')).toHaveLength(2));
    fireEvent.click(within(row('wang.teller')).getByTestId('accounts-reset'));
    fill('accounts-reset-password', 'short');
    fireEvent.submit(screen.getByTestId('accounts-reset-form'));
    expect((await screen.findByTestId('accounts-list-outcome')).textContent).toContain('至少 12 个字符的密码');
    expect(api.resets).toEqual([]);
    fill('accounts-reset-password', 'a new first password');
    fireEvent.submit(screen.getByTestId('accounts-reset-form'));
    expect((await screen.findByTestId('accounts-reset-secret')).textContent).toBe('NEWSECRETNEWSECR');
    expect(api.resets).toEqual([{ staffId: TELLER, password: 'a new first password' }]);
    expect(screen.getByTestId('accounts-list-outcome').textContent).toContain('已重置 wang.teller 的登录');
    expect(screen.queryByTestId('accounts-reset-form')).toBeNull();
  });
});
