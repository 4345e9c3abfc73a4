// The kiosk page's two modes: customers (the session, with the out-of-service screen in front
// of Attract and Home when needed) and service mode for a technician. Opening service mode
// unmounts the customer session, so nothing of a visit survives; leaving it starts afresh.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { KioskInfo } from '../../../electron/bridge/contract.js';
import { OutOfServiceProvider } from './OutOfServiceContext.js';
import { ServiceApp } from './ServiceApp.js';
import { ServiceModeContext } from './ServiceModeContext.js';

export function KioskModes({ info, children, reload = () => window.location.reload() }: { info: KioskInfo; children: ReactNode; reload?: () => void }) {
  const [mode, setMode] = useState<'customer' | 'service'>('customer');
  const entry = useMemo(() => ({ open: () => setMode('service') }), []);
  const exit = useCallback(() => setMode('customer'), []);
  return (
    <OutOfServiceProvider>
      <ServiceModeContext.Provider value={entry}>
        {mode === 'customer' ? children : <ServiceApp defaultLocale={info.defaultLocale} onExit={exit} reload={reload} />}
      </ServiceModeContext.Provider>
    </OutOfServiceProvider>
  );
}
