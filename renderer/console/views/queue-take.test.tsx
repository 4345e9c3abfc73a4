// @vitest-environment jsdom
// The queue says why an expert cannot take a waiting customer (issue 12 #3: a fresh admin
// without languages or topics saw customers, and "Take" answered "no longer waiting").
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../../protocol/assist-values.js';
import { ConsoleProvider } from '../ConsoleContext.js';
import type { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n, type ConsoleLocale } from '../i18n/console-i18n.js';
import type { ConsoleState } from '../state/console-store.js';
import { QueueView } from './QueueView.js';

afterEach(cleanup);

const entry = (requestId: string, over: Partial<QueueEntry>): QueueEntry => ({ requestId, kioskId: `K-${requestId}`, language: 'zh-CN', topic: 'cards', priorityClass: 'standard', journeyStep: 'home', waitedSec: 5, ...over });
const staff = { staffId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c09', username: 'admin', displayName: 'Admin', role: 'admin' as const, languages: ['zh-CN' as const], topics: ['cards' as const] };

function renderQueue(locale: ConsoleLocale, entries: QueueEntry[]) {
  const state = { locale, expertState: 'available', session: { token: 't', expiresAt: '2026-12-31T00:00:00Z', staff }, queue: { entries, receivedAt: 0 }, notice: null } as unknown as ConsoleState;
  const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, accept: () => undefined } as unknown as ConsoleController;
  render(
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      <QueueView />
    </ConsoleProvider>,
  );
}

describe('queue: who this expert can take', () => {
  it('offers Take only where the skills fit, and says why elsewhere (en)', () => {
    renderQueue('en', [entry('a', {}), entry('b', { language: 'en' }), entry('c', { topic: 'loans' })]);
    const [a, b, c] = screen.getAllByTestId('queue-item') as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(a).getByTestId('queue-accept')).toBeTruthy();
    expect(within(b).queryByTestId('queue-accept')).toBeNull();
    expect(within(b).getByTestId('queue-cannot-take').textContent).toBe('Needs English, which is not among your languages');
    expect(within(c).getByTestId('queue-cannot-take').textContent).toMatch(/^About .+, which is not among your topics$/);
    expect((screen.getByTestId('accept-next') as HTMLButtonElement).disabled).toBe(false);
  });

  it('with nobody takeable, "take the next customer" is off and each row says why (zh-CN)', () => {
    renderQueue('zh-CN', [entry('b', { language: 'en' })]);
    expect((screen.getByTestId('accept-next') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('queue-cannot-take').textContent).toContain('不在您的服务语言中');
  });
});
