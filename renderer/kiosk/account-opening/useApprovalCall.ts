// The expert's approval over video: when the host has filed the application (phase
// `approval`), the customer is put in the video-help queue (topic 'accounts', the journey
// step says account opening), and once the call's data channel is open the kiosk asks the
// expert to authorize `account.open` for this application (authRequestId = applicationId,
// so the hub-signed decision is about exactly this application). The host reads the
// decision at the hub and moves the journey on; this page decides nothing.
//
// Once per application: a re-render, a newer state with the same application, or React
// running an effect twice asks nothing again. A call that drops and is replaced by another
// (transfer, rejoin) gets the request again: the new expert has not seen it. Leaving the
// approval step while still waiting in the queue withdraws the help request; a call in
// progress is left to the customer and the expert.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { callOf } from '../../../electron/bridge/assist-call.js';
import type { AssistState } from '../../../electron/bridge/assist-contract.js';
import { ACCOUNT_OPEN_ACTION } from '../../../protocol/account-opening-action.js';
import { assistBusy, useAssist } from '../assist/AssistContext.js';
import { requestAuthorization } from '../assist/call-features.js';
import type { Phase } from '../session/journey.js';

export interface ApprovalRequest {
  applicationId: string;
  summary: string;
}

export function useApprovalCall(approval: ApprovalRequest | null): void {
  const { snapshot, manager, requestHelp } = useAssist();
  const asked = useRef<string | null>(null);
  const sentIn = useRef<string | null>(null);
  const assist = snapshot.status.state;
  const applicationId = approval?.applicationId ?? null;

  // Keep the latest assist state for the clean-up, which runs after the step has gone.
  const assistRef = useRef(assist);
  useLayoutEffect(() => {
    assistRef.current = assist;
  }, [assist]);

  useEffect(() => {
    if (!applicationId || asked.current === applicationId) return;
    asked.current = applicationId;
    // The customer may already be asking or talking (Help pressed earlier): that call serves.
    if (!assistBusy(assistRef.current)) requestHelp();
  }, [applicationId, requestHelp]);

  useEffect(
    () => () => {
      const state = assistRef.current;
      if (asked.current && (state.phase === 'requesting' || state.phase === 'waiting')) manager.cancel();
    },
    [manager],
  );

  const sessionId = callOf(assist)?.sessionId ?? null;
  const link = snapshot.call?.link;
  const summary = approval?.summary ?? '';
  useEffect(() => {
    const controller = manager.activeCall;
    if (!applicationId || !sessionId || link !== 'connected' || !controller || controller.sessionId !== sessionId) return;
    const key = `${applicationId}/${sessionId}`;
    if (sentIn.current === key) return;
    const sent = requestAuthorization(controller.ctx, { action: ACCOUNT_OPEN_ACTION, summary, authRequestId: applicationId });
    // Not sent (the channel closed in between): the next change of the link tries again.
    if (sent) sentIn.current = key;
  }, [applicationId, summary, sessionId, link, manager]);
}

/**
 * While an application waits for an expert, its own screen shows the wait (and the time left
 * before the host gives up), so the help overlay's queue screen does not cover it.
 */
export function approvalShowsWait(phase: Phase, assist: AssistState): boolean {
  if (phase.name !== 'accountOpening' || phase.status.state.phase !== 'approval') return false;
  return assist.phase === 'requesting' || assist.phase === 'waiting' || (assist.phase === 'reconnecting' && callOf(assist) === null);
}

/** Steps where the customer waits on the bank or an expert, not on the screen: no idle prompt. */
export function openingWaits(phase: Phase): boolean {
  if (phase.name !== 'accountOpening') return false;
  const step = phase.status.state.phase;
  return step === 'submitting' || step === 'approval' || step === 'opening';
}
