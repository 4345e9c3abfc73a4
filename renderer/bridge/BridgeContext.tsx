// Hands the typed bridge client to components. There is no default: a component rendered
// outside the provider is a programming error and fails loudly.
import { createContext, useContext, type ReactNode } from 'react';
import type { BridgeClient } from '../../electron/bridge/client.js';

const BridgeContext = createContext<BridgeClient | null>(null);

export function BridgeProvider({ client, children }: { client: BridgeClient; children: ReactNode }) {
  return <BridgeContext.Provider value={client}>{children}</BridgeContext.Provider>;
}

export function useBridge(): BridgeClient {
  const client = useContext(BridgeContext);
  if (!client) throw new Error('useBridge() used outside <BridgeProvider>');
  return client;
}
