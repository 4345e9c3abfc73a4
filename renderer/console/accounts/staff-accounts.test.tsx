// @vitest-environment jsdom
// The admin's create-account form: an operations account (no languages or topics asked), the
// authenticator secret shown once, a taken username and bad fields explained; both languages.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CreateStaffRequest, CreateStaffResponse } from '../../../protocol/staff-api.js';
import { StaffResourceError } from '../api/staff-resource.js';
import { ConsoleProvider } from '../ConsoleContext.js';
import type { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n, type ConsoleLocale } from '../i18n/console-i18n.js';
import type { ConsoleState } from '../state/console-store.js';
import type { AccountsApi } from './accounts-client.js';
import { StaffAccountsForm } from './StaffAccountsView.js';

afterEach(cleanup);

class FakeAccounts implements AccountsApi {
  requests: CreateStaffRequest[] = [];
  refuse: StaffResourceError | null = null;
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

function renderForm(locale: ConsoleLocale, api: AccountsApi) {
  const state = { locale } as unknown as ConsoleState;
  const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, signOut: vi.fn() } as unknown as ConsoleController;
  render(
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      <StaffAccountsForm api={api} />
    </ConsoleProvider>,
  );
}

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
