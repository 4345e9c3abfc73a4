// @vitest-environment jsdom
// The Updates and Webhook sections of the Fleet tab against a fake hub: who runs what with
// rolled-back kiosks marked and named, releases with their short hash, a rollout started,
// paused and widened from the forms (narrowing explained), a release published (a taken
// version explained), both languages; the webhook form keeps a stored secret unless a new
// one is typed and reports a test send.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebhookSettings, WebhookSettingsRequest } from '../../../protocol/fleet-webhook.js';
import type { ChangeRolloutRequest, Release, ReleaseManifest, Rollout, StartRolloutRequest, VersionsResponse } from '../../../protocol/software-updates.js';
import { StaffResourceError } from '../api/staff-resource.js';
import { ConsoleProvider } from '../ConsoleContext.js';
import type { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n, type ConsoleLocale } from '../i18n/console-i18n.js';
import type { ConsoleState } from '../state/console-store.js';
import type { UpdatesApi, WebhookApi } from './updates-client.js';
import { UpdatesPanel } from './UpdatesPanel.js';
import { WebhookPanel } from './WebhookPanel.js';

afterEach(cleanup);

const SHA = `${'Q'.repeat(86)}==`;
const staff = { staffId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c09', username: 'ops', displayName: 'Ops', role: 'operations' as const, languages: [], topics: [] };
const release = (version: string, createdAt: string): Release => ({
  version,
  channel: 'stable',
  url: `https://hub.example/${version}.tar.gz`,
  sha512: SHA,
  size: 1000,
  keyId: 'fleetkey1',
  signature: 'S'.repeat(86),
  createdBy: staff.staffId,
  createdByName: 'Zhao Ops',
  createdAt,
});
const ROLLOUT: Rollout = {
  rolloutId: '018f0000-0000-7000-8000-0000000000aa',
  version: '2.0.0',
  target: { branches: ['BJ01'], percentage: 20 },
  window: { from: '02:00', to: '05:00', timeZone: 'Asia/Shanghai' },
  startsAt: '2026-12-04T01:00:00.000Z',
  paused: false,
};
const VERSIONS: VersionsResponse = {
  branches: [
    {
      branchId: 'BJ01',
      versions: [
        { version: '1.0.0', kiosks: 1, rolledBack: 1, failed: 0 },
        { version: '2.0.0', kiosks: 3, rolledBack: 0, failed: 0 },
      ],
      trouble: [{ kioskId: 'K-BJ-2', state: 'rolled-back', reason: 'crash-loop', currentVersion: '1.0.0', targetVersion: '2.0.0', reportedAt: '2026-12-04T11:06:00.000Z' }],
    },
  ],
};

class FakeHub implements UpdatesApi, WebhookApi {
  releaseList = [release('2.0.0', '2026-12-04T08:00:00.000Z'), release('1.0.0', '2026-11-01T08:00:00.000Z')];
  rolloutList = [ROLLOUT];
  published: ReleaseManifest[] = [];
  started: StartRolloutRequest[] = [];
  changes: [string, ChangeRolloutRequest][] = [];
  saved: WebhookSettingsRequest[] = [];
  refuseNext: StaffResourceError | null = null;
  hook: WebhookSettings = { source: 'hub', url: 'https://tickets.example/hook', kinds: ['kiosk-offline'], enabled: true, secretSet: true, updatedAt: '2026-12-04T08:00:00.000Z', updatedBy: staff.staffId, updatedByName: 'Zhao' };
  private refusal(): void {
    const refusal = this.refuseNext;
    this.refuseNext = null;
    if (refusal) throw refusal;
  }
  releases = async () => this.releaseList;
  rollouts = async () => this.rolloutList;
  versions = async () => VERSIONS;
  publish = async (manifest: ReleaseManifest) => {
    this.refusal();
    this.published.push(manifest);
    return release(manifest.version, '2026-12-04T12:00:00.000Z');
  };
  startRollout = async (request: StartRolloutRequest) => {
    this.started.push(request);
    return { ...ROLLOUT, version: request.version, target: request.target };
  };
  changeRollout = async (rolloutId: string, change: ChangeRolloutRequest) => {
    this.refusal();
    this.changes.push([rolloutId, change]);
    return { ...ROLLOUT, paused: change.paused ?? ROLLOUT.paused };
  };
  webhook = async () => this.hook;
  saveWebhook = async (request: WebhookSettingsRequest) => {
    this.saved.push(request);
    this.hook = { ...this.hook, url: request.url, kinds: request.kinds, enabled: request.enabled, updatedAt: '2026-12-04T12:30:00.000Z' };
    return this.hook;
  };
  testWebhook = vi.fn(async () => ({ ok: true, deliveryId: '018f0000-0000-7000-8000-0000000000bb', status: 204, error: null }));
}

function renderWith(locale: ConsoleLocale, node: React.ReactNode) {
  const state = { locale, session: { token: 't', expiresAt: '2026-12-31T00:00:00Z', staff } } as unknown as ConsoleState;
  const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, signOut: vi.fn() } as unknown as ConsoleController;
  render(
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      {node}
    </ConsoleProvider>,
  );
}

async function loaded(testId: string): Promise<HTMLElement> {
  const panel = await screen.findByTestId(testId);
  await waitFor(() => expect(panel.dataset.loaded).toBe('true'));
  return panel;
}

const type = (testId: string, value: string, scope: HTMLElement = document.body) => fireEvent.change(within(scope).getByTestId(testId), { target: { value } });

describe('software updates section', () => {
  it('shows who runs what with the rolled-back version marked and the kiosk named, and releases with a short hash (en)', async () => {
    renderWith('en', <UpdatesPanel api={new FakeHub()} />);
    await loaded('fleet-updates');
    const rows = screen.getAllByTestId('fleet-version-row');
    expect(rows.map((r) => [r.dataset.version, r.dataset.trouble])).toEqual([
      ['1.0.0', 'true'],
      ['2.0.0', 'false'],
    ]);
    expect(rows[0]?.className).toContain('fleet-versions__trouble');
    expect(screen.getByTestId('fleet-version-trouble').textContent).toContain('K-BJ-2: rolled back (kept restarting), runs 1.0.0, was getting 2.0.0');
    expect(screen.getAllByTestId('fleet-release-hash').map((h) => h.textContent)).toEqual([`${'Q'.repeat(16)}…`, `${'Q'.repeat(16)}…`]);
    expect(screen.getByTestId('fleet-rollout-target').textContent).toBe('BJ01; 20 % of the other kiosks');
    expect(screen.getByTestId('fleet-rollout-state').textContent).toBe('rolling out');
    expect(screen.getAllByTestId('fleet-release')[0]?.textContent).toContain('by Zhao Ops');
  });

  it('speaks Chinese too', async () => {
    renderWith('zh-CN', <UpdatesPanel api={new FakeHub()} />);
    await loaded('fleet-updates');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('软件更新');
    expect(screen.getByTestId('fleet-version-trouble').textContent).toContain('已回退（反复重启）');
    expect(screen.getByTestId('fleet-rollout-state').textContent).toBe('更新中');
  });

  it('starts a rollout of the newest release to the branches and share typed; refuses one that reaches nobody', async () => {
    const hub = new FakeHub();
    renderWith('en', <UpdatesPanel api={hub} />);
    await loaded('fleet-updates');
    const form = screen.getByTestId('fleet-start-form');
    type('fleet-start-percentage', '0', form);
    fireEvent.submit(form);
    expect(await within(form).findByTestId('fleet-start-outcome')).toHaveProperty('textContent', expect.stringContaining('Name at least one branch'));
    expect(hub.started).toEqual([]);
    type('fleet-start-branches', 'BJ01， SH02 BJ01', form);
    type('fleet-start-percentage', '10', form);
    type('fleet-start-from', '22:00', form);
    fireEvent.submit(form);
    await waitFor(() => expect(hub.started).toHaveLength(1));
    expect(hub.started[0]).toEqual({ version: '2.0.0', target: { branches: ['BJ01', 'SH02'], percentage: 10 }, window: { from: '22:00', to: '05:00', timeZone: 'Asia/Shanghai' } });
    expect((await within(form).findByTestId('fleet-start-outcome')).textContent).toBe('Rollout of 2.0.0 started.');
  });

  it('pauses and widens a rollout; a lower share is explained here, a refusal to narrow in words', async () => {
    const hub = new FakeHub();
    renderWith('en', <UpdatesPanel api={hub} />);
    await loaded('fleet-updates');
    const row = screen.getByTestId('fleet-rollout');
    fireEvent.click(within(row).getByTestId('fleet-rollout-pause'));
    await waitFor(() => expect(hub.changes).toEqual([[ROLLOUT.rolloutId, { paused: true }]]));
    type('fleet-rollout-percentage', '10', row);
    fireEvent.click(within(row).getByTestId('fleet-rollout-widen'));
    expect(within(row).getByTestId('fleet-rollout-problem').textContent).toBe('Give a share no lower than now, or branch codes.');
    expect(hub.changes).toHaveLength(1);
    type('fleet-rollout-percentage', '50', row);
    type('fleet-rollout-branches', 'SH02', row);
    fireEvent.click(within(row).getByTestId('fleet-rollout-widen'));
    await waitFor(() => expect(hub.changes.at(-1)).toEqual([ROLLOUT.rolloutId, { percentage: 50, addBranches: ['SH02'] }]));
    hub.refuseNext = new StaffResourceError('conflict', 'PATCH answered 409');
    type('fleet-rollout-percentage', '60', row);
    await act(async () => {
      fireEvent.click(within(row).getByTestId('fleet-rollout-widen'));
    });
    expect((await within(row).findByTestId('fleet-rollout-problem')).textContent).toBe('A rollout only widens; to stop it, pause it.');
  });

  it('publishes a release from the form; a malformed hash or a taken version is explained', async () => {
    const hub = new FakeHub();
    renderWith('en', <UpdatesPanel api={hub} />);
    await loaded('fleet-updates');
    const form = screen.getByTestId('fleet-publish-form');
    type('fleet-publish-version', '2.1.0', form);
    type('fleet-publish-url', 'https://hub.example/2.1.0.tar.gz', form);
    type('fleet-publish-sha512', 'not a hash', form);
    type('fleet-publish-size', '2048', form);
    fireEvent.submit(form);
    expect((await within(form).findByTestId('fleet-publish-outcome')).textContent).toContain('Check the fields');
    expect(hub.published).toEqual([]);
    type('fleet-publish-sha512', SHA, form);
    fireEvent.submit(form);
    await waitFor(() => expect(hub.published).toEqual([{ version: '2.1.0', channel: 'stable', url: 'https://hub.example/2.1.0.tar.gz', sha512: SHA, size: 2048 }]));
    expect((await within(form).findByTestId('fleet-publish-outcome')).textContent).toBe('Release 2.1.0 published.');
    hub.refuseNext = new StaffResourceError('conflict', 'POST answered 409');
    type('fleet-publish-version', '2.0.0', form);
    type('fleet-publish-url', 'https://hub.example/again.tar.gz', form);
    type('fleet-publish-sha512', SHA, form);
    type('fleet-publish-size', '1', form);
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByTestId('fleet-publish-outcome').textContent).toBe('Version 2.0.0 was published before; publish a new version.'));
  });
});

describe('alert webhook section', () => {
  it('keeps the stored secret unless a new one is typed, sends the kinds ticked, and reports a test', async () => {
    const hub = new FakeHub();
    renderWith('en', <WebhookPanel api={hub} />);
    await loaded('fleet-webhook');
    await waitFor(() => expect((screen.getByTestId('fleet-webhook-url') as HTMLInputElement).value).toBe('https://tickets.example/hook'));
    expect((screen.getByTestId('fleet-webhook-secret') as HTMLInputElement).value).toBe('');
    const crash = screen.getAllByTestId('fleet-webhook-kind').find((box) => box.dataset.kind === 'crash-loop');
    if (!crash) throw new Error('no crash-loop box');
    fireEvent.click(crash);
    fireEvent.submit(screen.getByTestId('fleet-webhook-form'));
    await waitFor(() => expect(hub.saved).toHaveLength(1));
    expect(hub.saved[0]).toEqual({ url: 'https://tickets.example/hook', kinds: ['kiosk-offline', 'crash-loop'], enabled: true });
    type('fleet-webhook-secret', 'a brand new secret value');
    type('fleet-webhook-url', 'http://tickets.example/hook');
    fireEvent.submit(screen.getByTestId('fleet-webhook-form'));
    expect((await screen.findByTestId('fleet-webhook-outcome')).textContent).toContain('Check the address');
    expect(hub.saved).toHaveLength(1);
    type('fleet-webhook-url', 'https://tickets.example/v2');
    fireEvent.submit(screen.getByTestId('fleet-webhook-form'));
    await waitFor(() => expect(hub.saved).toHaveLength(2));
    expect(hub.saved[1]).toMatchObject({ url: 'https://tickets.example/v2', secret: 'a brand new secret value' });
    await waitFor(() => expect((screen.getByTestId('fleet-webhook-secret') as HTMLInputElement).value).toBe(''));
    fireEvent.click(screen.getByTestId('fleet-webhook-test'));
    await waitFor(() => expect(screen.getByTestId('fleet-webhook-outcome').textContent).toBe('The receiver took the test (HTTP 204).'));
    expect(hub.testWebhook).toHaveBeenCalledTimes(1);
  });
});
