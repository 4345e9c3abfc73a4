// @vitest-environment jsdom
// An operations user in the console: signed in straight to the Fleet tab, with no signaling
// socket (the hub refuses them calls), no availability switch and no customer tabs; a
// supervisor still gets the socket and every tab but accounts, which only admins get.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { StaffClient, type Fetch } from '../api/staff-client.js';
import { ConsoleProvider } from '../ConsoleContext.js';
import { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n } from '../i18n/console-i18n.js';
import { ConsoleStore } from '../state/console-store.js';
import { asWebSocket, FakeSocket } from '../testing/fake-socket.js';
import { ConsoleHeader } from '../views/ConsoleHeader.js';

afterEach(cleanup);
beforeEach(() => {
  FakeSocket.instances = [];
});

async function signedInAs(role: StaffRole) {
  const staff = { staffId: '018f0000-0000-7000-8000-000000000009', username: 'ops', displayName: 'Zhao Ops', role, languages: [], topics: [] };
  const fetchImpl: Fetch = async (path) =>
    path === '/v1/staff/login' ? Response.json({ token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), staff }) : new Response(null, { status: 204 });
  const store = new ConsoleStore('en', () => undefined);
  const controller = new ConsoleController({
    store,
    client: new StaffClient(fetchImpl),
    socketUrl: 'ws://hub.test/v1/assist/ws',
    getUserMedia: () => new Promise(() => undefined),
    iceTransportPolicy: 'all',
    WebSocketImpl: asWebSocket(FakeSocket),
  });
  await controller.signIn('ops', 'correct horse battery', '123456');
  render(
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      <ConsoleHeader />
    </ConsoleProvider>,
  );
  return { store, controller };
}

describe('the operations role in the console', () => {
  it('lands on the Fleet tab without a call socket, availability or customer tabs', async () => {
    const { store } = await signedInAs('operations');
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', tab: 'fleet' });
    expect(FakeSocket.instances).toHaveLength(0);
    expect(screen.getByTestId('console-staff').textContent).toContain('operations');
    expect(screen.getByTestId('tab-fleet')).toBeTruthy();
    for (const hidden of ['availability-toggle', 'expert-state', 'tab-queue', 'tab-supervisor', 'tab-follow-ups', 'tab-accounts']) expect(screen.queryByTestId(hidden), hidden).toBeNull();
  });

  it('a supervisor keeps the socket, availability and every tab', async () => {
    const { store } = await signedInAs('supervisor');
    expect(store.getSnapshot().phase).toBe('connecting');
    expect(FakeSocket.instances).toHaveLength(1);
    for (const shown of ['availability-toggle', 'tab-queue', 'tab-supervisor', 'tab-fleet', 'tab-follow-ups']) expect(screen.getByTestId(shown), shown).toBeTruthy();
    // Accounts are for admins.
    expect(screen.queryByTestId('tab-accounts')).toBeNull();
  });

  it('an admin also gets the accounts tab', async () => {
    await signedInAs('admin');
    expect(screen.getByTestId('tab-accounts')).toBeTruthy();
  });
});
