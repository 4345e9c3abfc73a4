// Owns one customer's session: the reducer plus actions bound to the bridge. Also mirrors
// the session's language and elder mode onto the document (i18next, <html lang>, and the
// data-elder attribute the design tokens switch on) before the browser paints.
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskInfo } from '../../../electron/bridge/contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { useAppointmentScanner } from '../appointments/useAppointmentScanner.js';
import { createSessionActions, type SessionActions } from './session-actions.js';
import { initialSession, sessionReducer, type SessionState } from './session.js';

export function useSession(info: KioskInfo): { state: SessionState; actions: SessionActions } {
  const client = useBridge();
  const { i18n } = useTranslation();
  const [state, dispatch] = useReducer(sessionReducer, info.defaultLocale, initialSession);

  // Actions read the latest state through a ref so they can stay stable across renders.
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);
  const actions = useMemo(() => createSessionActions({ client, dispatch, current: () => stateRef.current }), [client]);

  // The host's bill-payment journey speaks through events; the reducer keeps only the newest.
  useEffect(() => client.on('billPayment.state', (status) => dispatch({ type: 'billStatus', status })), [client]);
  useEffect(() => client.on('accounts.state', (status) => dispatch({ type: 'accountsStatus', status })), [client]);
  useEffect(() => client.on('accountOpening.state', (status) => dispatch({ type: 'accountOpeningStatus', status })), [client]);
  useEffect(() => client.on('cardReplacement.state', (status) => dispatch({ type: 'cardReplacementStatus', status })), [client]);
  // Appointment QR check-in: the host checks in only where this says a scan counts.
  useAppointmentScanner(client, state, dispatch);

  useLayoutEffect(() => {
    void i18n.changeLanguage(state.locale);
    document.documentElement.lang = state.locale;
  }, [i18n, state.locale]);

  useLayoutEffect(() => {
    document.documentElement.toggleAttribute('data-elder', state.elder);
    return () => document.documentElement.removeAttribute('data-elder');
  }, [state.elder]);

  return { state, actions };
}
