// Which full-screen help step covers the kiosk, if any: waiting for an expert, the rating
// or the outcome after it, a short thank-you. During a call there is no overlay: the call
// panel docks beside the customer's screen instead (CallPanel).
import { callOf } from '../../../electron/bridge/assist-call.js';
import { EndedScreen, RatingScreen, ThanksScreen } from './AfterCall.js';
import { CallbackBookedScreen } from './CallbackForm.js';
import type { AssistSnapshot } from './assist-manager.js';
import { useAssist } from './AssistContext.js';
import { useSessionContext } from '../session/SessionContext.js';
import { WaitingScreen, type WaitAlternatives } from './WaitingScreen.js';

export function hasAssistOverlay(snapshot: AssistSnapshot): boolean {
  const { state } = snapshot.status;
  if (snapshot.thanked || snapshot.callback) return true;
  if (state.phase === 'requesting' || state.phase === 'waiting' || state.phase === 'ended') return true;
  return state.phase === 'reconnecting' && callOf(state) === null;
}

export function AssistOverlay() {
  const { snapshot, manager, requestHelp, requestCallback } = useAssist();
  const { actions } = useSessionContext();
  const { state } = snapshot.status;
  // Leaving the queue for another way to be served: the request ends first.
  const alternatives: WaitAlternatives = {
    takeTicket: () => {
      manager.cancel();
      actions.goHome();
      actions.openQueue();
    },
    selfService: () => {
      manager.cancel();
      actions.goHome();
    },
    callBack: requestCallback,
  };
  if (snapshot.callback) {
    return (
      <CallbackBookedScreen
        booked={snapshot.callback}
        onDone={() => {
          manager.dismissCallback();
          actions.goHome();
        }}
      />
    );
  }
  if (snapshot.thanked && state.phase !== 'requesting') return <ThanksScreen />;
  switch (state.phase) {
    case 'requesting':
    case 'waiting':
      return <WaitingScreen state={state} onCancel={() => manager.cancel()} alternatives={alternatives} />;
    case 'reconnecting':
      return callOf(state) ? null : <WaitingScreen state={state} onCancel={() => manager.cancel()} alternatives={alternatives} />;
    case 'ended':
      return state.rateable ? (
        <RatingScreen state={state} onRate={(sessionId, answer, locale) => manager.rate(sessionId, answer, locale)} onSkip={() => manager.cancel()} onThanked={() => manager.thank()} />
      ) : (
        <EndedScreen state={state} onBack={() => manager.cancel()} onRetry={requestHelp} />
      );
    default:
      return null;
  }
}
