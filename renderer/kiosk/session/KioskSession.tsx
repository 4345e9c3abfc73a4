// One customer's visit: session state, video help, idle watch, the current screen and the
// overlays. While an overlay or dialog is open the page behind it is `inert`, so touches
// cannot act through it. During a call the call panel docks beside the screen instead, so
// the customer keeps using the kiosk while the expert watches and points.
import { useMemo } from 'react';
import { callOf } from '../../../electron/bridge/assist-call.js';
import type { KioskInfo } from '../../../electron/bridge/contract.js';
import { approvalShowsWait, openingWaits } from '../account-opening/useApprovalCall.js';
import { AssistOverlay, hasAssistOverlay } from '../assist/AssistOverlay.js';
import { AssistProvider, useAssist } from '../assist/AssistContext.js';
import { CallPanel } from '../assist/CallPanel.js';
import { HighlightEffect } from '../assist/HighlightEffect.js';
import { CurrentScreen } from '../screens/CurrentScreen.js';
import { IdleModal } from '../screens/IdleModal.js';
import { SessionProvider } from './SessionContext.js';
import type { SessionActions } from './session-actions.js';
import type { SessionState } from './session.js';
import { useIdleTimer } from './useIdleTimer.js';
import { replacementHoldsHome } from '../card-replacement/replacement-steps.js';

/** Elder (large-text) mode gives twice the time, before the prompt and to answer it. */
export const ELDER_IDLE_FACTOR = 2;
import { useSession } from './useSession.js';

function SessionView({ info, state, actions }: { info: KioskInfo; state: SessionState; actions: SessionActions }) {
  const { snapshot } = useAssist();
  const assist = snapshot.status.state;
  const inCall = callOf(assist) !== null;
  // Talking to an expert is not "idle", however long nobody touches the screen. Waiting for
  // one is: a customer who walked away must not be reached by a late answer, so the prompt
  // comes as on any screen and the timeout ends the request with the session.
  const slower = state.elder ? ELDER_IDLE_FACTOR : 1;
  // A statement printing, or paused while staff bring paper, is not idle either: the customer
  // waits on the printer, and the host's own deadline (print-paused) ends a wait nobody attends.
  const printingStatement = state.phase.name === 'accounts' && (state.phase.status.state.phase === 'printing' || state.phase.status.state.phase === 'print-paused');
  // A new card being dispensed, issued or waiting at the slot: the host ends that wait itself (taken, or captured and refunded).
  const cardMoving = replacementHoldsHome(state.phase);
  const idle = useIdleTimer({
    // Account opening waits on the bank and an expert (the host has its own deadlines there); a card on the move holds too.
    enabled: state.phase.name !== 'attract' && !inCall && !printingStatement && !openingWaits(state.phase) && !cardMoving,
    timeoutMs: info.idleTimeoutMs * slower,
    warningMs: info.idleWarningMs * slower,
    onTimeout: actions.timeOut,
    // Card journeys move on the card reader and PIN pad (and the printer), not the screen: that is not idle.
    activity: state.phase.name === 'bill' || state.phase.name === 'accounts' || state.phase.name === 'accountOpening' || state.phase.name === 'cardReplacement' ? `${state.phase.name}:${state.phase.status.seq}` : null,
  });
  const value = useMemo(() => ({ state, actions, info }), [state, actions, info]);
  const overlay = hasAssistOverlay(snapshot) && !approvalShowsWait(state.phase, assist);

  return (
    <SessionProvider value={value}>
      <div className={inCall ? 'kiosk kiosk--call' : 'kiosk'} inert={overlay || idle.warning}>
        <div className="kiosk__journey">
          <CurrentScreen phase={state.phase} />
        </div>
        {inCall && <CallPanel />}
      </div>
      {/* The idle prompt outranks help: only one modal dialog at a time. */}
      {overlay && !idle.warning && <AssistOverlay />}
      {idle.warning && <IdleModal secondsLeft={idle.secondsLeft} onContinue={idle.keepAlive} />}
      <HighlightEffect target={snapshot.call?.highlight ?? null} screen={state.phase.name} />
    </SessionProvider>
  );
}

export function KioskSession({ info }: { info: KioskInfo }) {
  const { state, actions } = useSession(info);
  return (
    <AssistProvider session={state}>
      <SessionView info={info} state={state} actions={actions} />
    </AssistProvider>
  );
}
