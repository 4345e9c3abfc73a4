// Gives screens the session state, the customer's actions and the kiosk's static info, so
// screens take no props beyond their own phase.
import { createContext, useContext, type ReactNode } from 'react';
import type { KioskInfo } from '../../../electron/bridge/contract.js';
import type { SessionActions } from './session-actions.js';
import type { SessionState } from './session.js';

export interface SessionContextValue {
  state: SessionState;
  actions: SessionActions;
  info: KioskInfo;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionContextValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext() used outside <SessionProvider>');
  return value;
}
