// The host's out-of-service verdict, read once and kept current from its events (subscribed
// before the read, and a read never overwrites a newer event). Unknown counts as in service:
// the host refuses what it cannot do anyway. Out of service includes maintenance ordered from
// the hub; the same provider obeys the hub's "reload the page" (both are host service events).
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { OutOfService } from '../../../electron/bridge/service-contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';

const OutOfServiceContext = createContext<OutOfService | null>(null);

export function OutOfServiceProvider({ children }: { children: ReactNode }) {
  const client = useBridge();
  const [state, setState] = useState<OutOfService | null>(null);
  useEffect(() => {
    let heardEvent = false;
    let active = true;
    const off = client.on('kiosk.outOfService', (next) => {
      heardEvent = true;
      setState(next);
    });
    // Operations asked for a fresh page (remote reload-ui); the host sends it only between customers.
    const offReload = client.on('kiosk.reload', () => window.location.reload());
    client
      .request('kiosk.outOfService', {})
      .then((next) => active && !heardEvent && setState(next))
      .catch(() => undefined);
    return () => {
      active = false;
      off();
      offReload();
    };
  }, [client]);
  return <OutOfServiceContext.Provider value={state}>{children}</OutOfServiceContext.Provider>;
}

export function useOutOfService(): OutOfService | null {
  return useContext(OutOfServiceContext);
}
