// The expert console's application panel alone, with the console's styles, for screenshots
// and axe (account-opening-console.e2e.test.ts builds this page with Vite). It stands in for
// a call in which the kiosk asked for an account.open authorization: the console state holds
// the call, and the application comes from `window.__application` instead of the hub.
// Query: ?lang=en|zh-CN.
import { createRoot } from 'react-dom/client';
import type { StaffApplicationView } from '../../../protocol/account-opening.js';
import type { ApplicationApi } from '../../../renderer/console/application/application-client.js';
import { ApplicationPanel } from '../../../renderer/console/application/ApplicationPanel.js';
import { ConsoleProvider } from '../../../renderer/console/ConsoleContext.js';
import type { ConsoleController } from '../../../renderer/console/controller/console-controller.js';
import { createConsoleI18n } from '../../../renderer/console/i18n/console-i18n.js';
import type { ConsoleState } from '../../../renderer/console/state/console-store.js';
import { newCallView } from '../../../renderer/console/state/call-state.js';
import { AuthorizationPanel } from '../../../renderer/console/views/call/AuthorizationPanel.js';
import '../../../renderer/ui/tokens.css';
import '../../../renderer/ui/kit.css';
import '../../../renderer/console/console.css';
import '../../../renderer/console/views/call/call.css';

declare global {
  interface Window {
    __application: StaffApplicationView;
  }
}

const locale = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
document.documentElement.lang = locale;
const view = window.__application;
const call = {
  ...newCallView('2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01', { requestId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c02', kioskId: view.kioskId, language: locale, topic: 'accounts', priorityClass: 'standard', journeyStep: 'account-opening/approval', waitedSec: 12 }, [], 0),
  authorizations: [{ request: { v: 1, type: 'authorization.request', authRequestId: view.applicationId, action: 'account.open', summary: 'Open a personal account' }, status: 'pending' }],
} as const;
const state = { locale, session: { token: 't'.repeat(30), expiresAt: '2026-12-31T00:00:00Z', staff: {} }, call } as unknown as ConsoleState;
const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, signOut: () => undefined, decide: () => undefined } as unknown as ConsoleController;
const api: ApplicationApi = { view: async () => view };

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
    <main className="console-call" style={{ padding: 16 }}>
      <h1 className="console-title">{locale === 'en' ? 'Call with kiosk K01' : '与自助机 K01 通话'}</h1>
      <div className="console-call__side">
        <ApplicationPanel call={{ ...call, authorizations: [...call.authorizations] }} api={api} />
        <AuthorizationPanel call={{ ...call, authorizations: [...call.authorizations] }} />
      </div>
    </main>
  </ConsoleProvider>,
);
