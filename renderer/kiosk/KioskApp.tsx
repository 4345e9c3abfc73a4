// Top of the customer page: which bridge we have, what kiosk we are, then the session.
// Until `kiosk.info` is known (inlined in the page by the page server, else asked for over the
// bridge) nothing is known, not even the default language, so start-up states speak both.
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BridgeProvider } from '../bridge/BridgeContext.js';
import type { KioskInfo } from '../../electron/bridge/contract.js';
import type { BridgeConnection } from '../bridge/connect.js';
import { useBridgeRead } from '../bridge/useBridgeRead.js';
import { errorMessageKey } from '../i18n/error-messages.js';
import { BigButton } from '../ui/BigButton.js';
import { Progress } from '../ui/Progress.js';
import { BilingualScreen } from './BilingualScreen.js';
import { KioskModes } from './service/KioskModes.js';
import { KioskSession } from './session/KioskSession.js';
import { StatusProvider } from './status/StatusContext.js';

function KioskReady({ info }: { info: KioskInfo }) {
  return (
    <StatusProvider>
      <KioskModes info={info}>
        <KioskSession info={info} />
      </KioskModes>
    </StatusProvider>
  );
}

function KioskStartup() {
  const { i18n } = useTranslation();
  const { state, retry } = useBridgeRead('kiosk.info');
  const both = (key: 'app.starting' | 'app.retry') => `${i18n.getFixedT('zh-CN')(key)} / ${i18n.getFixedT('en')(key)}`;

  if (state.status === 'loading') {
    return (
      <main className="bilingual" data-testid="starting">
        <Progress label={both('app.starting')} />
      </main>
    );
  }
  if (state.status === 'failed') {
    return (
      <BilingualScreen title="app.startupFailedTitle" body={errorMessageKey(state.code)} testId="startup-failed">
        <BigButton huge onClick={retry}>
          {both('app.retry')}
        </BigButton>
      </BilingualScreen>
    );
  }
  return <KioskReady info={state.value} />;
}

/** `initialInfo`: kiosk.info the page server put into the page (inline-kiosk-info.ts); else it is asked for over the bridge. */
export function KioskApp({ connection, i18n, initialInfo = null }: { connection: BridgeConnection; i18n: I18n; initialInfo?: KioskInfo | null }) {
  return (
    <I18nextProvider i18n={i18n}>
      {connection.kind === 'not-connected' ? (
        <BilingualScreen title="host.notConnectedTitle" body="host.notConnectedBody" testId="host-not-connected" />
      ) : (
        <BridgeProvider client={connection.client}>{initialInfo ? <KioskReady info={initialInfo} /> : <KioskStartup />}</BridgeProvider>
      )}
    </I18nextProvider>
  );
}
