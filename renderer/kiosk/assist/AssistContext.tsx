// Puts video assistance into the customer's session: one AssistManager per page, its
// snapshot as React state, the journey state it sends to the expert kept current, and the
// Help action. Tests replace the WebRTC and camera parts through CallDepsContext.
import { createContext, useContext, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { AssistState } from '../../../electron/bridge/assist-contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import type { SessionState } from '../session/session.js';
import { AssistManager, type AssistSnapshot, type ControllerDeps } from './assist-manager.js';
import { helpRequestFor, journeyStateOf } from './journey-state.js';
import { browserMedia } from './local-media.js';
import { lazyPeer, whenIdle } from './lazy-peer.js';
import { screenControls } from './screen-controls.js';

export type CallDeps = Omit<ControllerDeps, 'journey'>;

export const CallDepsContext = createContext<CallDeps | null>(null);

export interface AssistValue {
  snapshot: AssistSnapshot;
  manager: AssistManager;
  requestHelp(): void;
  /** Leaves the customer's number for a call-back about what they were doing. */
  requestCallback(phone: string): Promise<void>;
}

const AssistContext = createContext<AssistValue | null>(null);

/** Requesting, waiting or in a call: the idle timeout must not end the visit now. */
export function assistBusy(state: AssistState): boolean {
  return state.phase !== 'idle' && state.phase !== 'ended';
}

export function AssistProvider({ session, children }: { session: SessionState; children: ReactNode }) {
  const client = useBridge();
  const injected = useContext(CallDepsContext);
  const sessionRef = useRef(session);
  useLayoutEffect(() => {
    sessionRef.current = session;
  }, [session]);
  // The WebRTC code loads once the first screen is up (lazy-peer.ts); tests inject their own.
  const browserDeps = useMemo(() => (injected ? null : lazyPeer(browserMedia())), [injected]);
  useEffect(() => (browserDeps ? whenIdle(() => browserDeps.prefetch()) : undefined), [browserDeps]);
  const manager = useMemo(() => {
    const deps: CallDeps = injected ?? browserDeps ?? lazyPeer(browserMedia());
    // The controls go with the journey so the expert can point at them by their words.
    const journey = () => ({ ...journeyStateOf(sessionRef.current), controls: screenControls(document.querySelector('.kiosk__journey')) });
    return new AssistManager(client, { ...deps, journey });
  }, [client, injected, browserDeps]);
  useEffect(() => manager.start(), [manager]);
  const snapshot = useSyncExternalStore(manager.subscribe, manager.snapshot);

  // The expert follows the customer's screen: every change of screen, language or text size.
  useEffect(() => {
    manager.activeCall?.journeyChanged();
  }, [manager, session.phase, session.locale, session.elder, snapshot.call?.link]);

  const value = useMemo(
    () => ({
      snapshot,
      manager,
      requestHelp: () => manager.requestHelp(helpRequestFor(sessionRef.current)),
      requestCallback: (phone: string) => {
        const { topic, locale } = helpRequestFor(sessionRef.current);
        return manager.requestCallback({ phone, consent: true, topic, locale });
      },
    }),
    [snapshot, manager],
  );
  return <AssistContext.Provider value={value}>{children}</AssistContext.Provider>;
}

export function useAssist(): AssistValue {
  const value = useContext(AssistContext);
  if (!value) throw new Error('useAssist() used outside <AssistProvider>');
  return value;
}
