// Renders the whole kiosk page against a fake host, the way main.tsx does in production.
import { render, type RenderResult } from '@testing-library/react';
import { createKioskI18n } from '../i18n/i18n.js';
import { KioskApp } from '../kiosk/KioskApp.js';
import { createFakeHost, type FakeHandlers, type FakeHost } from './fake-host.js';

export function renderKiosk(handlers: FakeHandlers = {}): RenderResult & { host: FakeHost } {
  const host = createFakeHost(handlers);
  const connection = { kind: 'connected', via: 'ipc', client: host.client } as const;
  const result = render(<KioskApp connection={connection} i18n={createKioskI18n()} />);
  return { ...result, host };
}

/** Page-level attributes the session sets; reset between tests so they cannot leak. */
export function resetDocument(): void {
  document.documentElement.removeAttribute('data-elder');
  document.documentElement.lang = '';
}
