// Appointment check-in by scan (issue 13): tells the host where a scanned QR counts — on Home
// and the service list an appointment QR checks in, on the Check in screen any code gets an
// answer, elsewhere (a bill journey reads its own codes) nothing — and hands the host's result
// to the journey, which shows the ticket or says why not.
import { useEffect, type Dispatch } from 'react';
import type { ScannerMode } from '../../../electron/bridge/appointments-contract.js';
import type { BridgeClient } from '../../../electron/bridge/client.js';
import type { PhaseName } from '../session/journey.js';
import type { SessionEvent, SessionState } from '../session/session.js';

export function scannerModeOf(phase: PhaseName): ScannerMode {
  if (phase === 'appointment.checkIn') return 'asking';
  return phase === 'home' || phase === 'queue.choose' ? 'passive' : 'off';
}

export function useAppointmentScanner(client: BridgeClient, state: SessionState, dispatch: Dispatch<SessionEvent>): void {
  const mode = scannerModeOf(state.phase.name);
  useEffect(() => client.on('appointments.checkIn', (result) => dispatch({ type: 'checkInResult', result })), [client, dispatch]);
  useEffect(() => {
    // A host without the feature (or a lost request) leaves scanning off: nothing to recover.
    client.request('appointments.scanner', { mode, locale: state.locale }).catch(() => undefined);
  }, [client, mode, state.locale]);
}
