// A console view rendered for a unit test: signed in as `staff` (a fake session token), in
// `locale`, with a controller that only reads state — the set-up the staff-tab view tests
// (analytics, follow-ups, knowledge, recommendations) each wrote out.
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ConsoleProvider } from '../ConsoleContext.js';
import type { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n, type ConsoleLocale } from '../i18n/console-i18n.js';
import type { ConsoleState } from '../state/console-store.js';

export function renderConsoleView(view: ReactElement, locale: ConsoleLocale, staff: unknown): void {
  const state = { locale, session: { token: 't'.repeat(30), expiresAt: '2026-12-31T00:00:00Z', staff } } as unknown as ConsoleState;
  const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, signOut: () => undefined } as unknown as ConsoleController;
  render(
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      {view}
    </ConsoleProvider>,
  );
}
