// The kiosk page's two modes: customers (the session, with the out-of-service screen in front
// of Attract and Home when needed) and service mode for a technician. Opening service mode
// unmounts the customer session, so nothing of a visit survives; leaving it starts afresh.
// Service mode is a chunk of its own (cold start: customers never need it to paint), fetched
// when a technician opens it; the login screen waits for it behind a progress line.
import { lazy, Suspense, useCallback, useMemo, useState, type ReactNode } from 'react';
import type { KioskInfo } from '../../../electron/bridge/contract.js';
import { LoadingScreen } from '../screens/LoadingScreen.js';
import { OutOfServiceProvider } from './OutOfServiceContext.js';
import { ServiceModeContext } from './ServiceModeContext.js';

const ServiceApp = lazy(() => import('./ServiceApp.js').then((m) => ({ default: m.ServiceApp })));

export function KioskModes({ info, children, reload = () => window.location.reload() }: { info: KioskInfo; children: ReactNode; reload?: () => void }) {
  const [mode, setMode] = useState<'customer' | 'service'>('customer');
  const entry = useMemo(() => ({ open: () => setMode('service') }), []);
  const exit = useCallback(() => setMode('customer'), []);
  return (
    <OutOfServiceProvider>
      <ServiceModeContext.Provider value={entry}>
        {mode === 'customer' ? (
          children
        ) : (
          <Suspense fallback={<LoadingScreen testId="service-loading" />}>
            <ServiceApp defaultLocale={info.defaultLocale} onExit={exit} reload={reload} />
          </Suspense>
        )}
      </ServiceModeContext.Provider>
    </OutOfServiceProvider>
  );
}
