// React access to the controller, its state and the translator for the current locale.
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { i18n as I18n } from 'i18next';
import type { ConsoleController } from './controller/console-controller.js';
import { translator, type Translate } from './i18n/console-i18n.js';
import type { ConsoleState } from './state/console-store.js';

interface ConsoleContextValue {
  controller: ConsoleController;
  i18n: I18n;
}

const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function ConsoleProvider({ controller, i18n, children }: ConsoleContextValue & { children: ReactNode }) {
  const value = useMemo(() => ({ controller, i18n }), [controller, i18n]);
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

function useConsoleContext(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('ConsoleProvider is missing');
  return value;
}

export function useController(): ConsoleController {
  return useConsoleContext().controller;
}

export function useConsoleState(): ConsoleState {
  const { store } = useConsoleContext().controller;
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useT(): Translate {
  const { i18n } = useConsoleContext();
  const { locale } = useConsoleState();
  return useMemo(() => translator(i18n, locale), [i18n, locale]);
}
