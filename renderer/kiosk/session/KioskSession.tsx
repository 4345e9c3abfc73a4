// One customer's visit: session state, idle watch, the current screen and the overlays.
// While a dialog is open the page behind it is `inert`, so touches cannot act through it.
import { useMemo } from 'react';
import type { KioskInfo } from '../../../electron/bridge/contract.js';
import { CurrentScreen } from '../screens/CurrentScreen.js';
import { HelpModal } from '../screens/HelpModal.js';
import { IdleModal } from '../screens/IdleModal.js';
import { SessionProvider } from './SessionContext.js';
import { useIdleTimer } from './useIdleTimer.js';
import { useSession } from './useSession.js';

export function KioskSession({ info }: { info: KioskInfo }) {
  const { state, actions } = useSession(info);
  const idle = useIdleTimer({
    enabled: state.phase.name !== 'attract',
    timeoutMs: info.idleTimeoutMs,
    warningMs: info.idleWarningMs,
    onTimeout: actions.timeOut,
  });
  const value = useMemo(() => ({ state, actions, info }), [state, actions, info]);
  const help = state.help;

  return (
    <SessionProvider value={value}>
      <div className="kiosk" inert={help.kind !== 'closed' || idle.warning}>
        <CurrentScreen phase={state.phase} />
      </div>
      {/* The idle prompt outranks help: only one modal dialog at a time. */}
      {help.kind !== 'closed' && !idle.warning && <HelpModal help={help} onClose={actions.closeHelp} />}
      {idle.warning && <IdleModal secondsLeft={idle.secondsLeft} onContinue={idle.keepAlive} />}
    </SessionProvider>
  );
}
