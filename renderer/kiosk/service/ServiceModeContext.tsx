// Lets the hidden gesture (on the attract and out-of-service screens) open service mode
// without those screens knowing how service mode is shown.
import { createContext, useContext } from 'react';

export interface ServiceModeEntry {
  open(): void;
}

export const ServiceModeContext = createContext<ServiceModeEntry>({ open: () => undefined });

export const useServiceModeEntry = (): ServiceModeEntry => useContext(ServiceModeContext);
