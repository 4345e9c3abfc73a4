// "Replace a card" on screen: one screen per host phase. The host decides every move; this only
// picks what to show for the state it last sent.
import type { Phase } from '../session/journey.js';
import { ChooseCardScreen } from './ChooseCardScreen.js';
import { DispensingScreen, IssuingScreen, NewPinScreen, TakeCardScreen } from './NewCardScreens.js';
import { ReplacementDoneScreen } from './ReplacementDoneScreen.js';
import { ReplacementReviewScreen } from './ReplacementReviewScreen.js';
import { ReplacementAuthorisingScreen, ReplacementCardScreen, ReplacementPinScreen } from './ReplacementSignInScreens.js';
import { ReplacementStoppedScreen } from './ReplacementStoppedScreen.js';
import { ReplacementFaceScreen } from './ReplacementFaceScreen.js';

export function CardReplacementScreen({ phase }: { phase: Extract<Phase, { name: 'cardReplacement' }> }) {
  const { state } = phase.status;
  switch (state.phase) {
    case 'idle':
    case 'authorising':
      return <ReplacementAuthorisingScreen state={state} />;
    case 'card':
      return <ReplacementCardScreen state={state} />;
    case 'pin':
      return <ReplacementPinScreen state={state} />;
    case 'face':
      return <ReplacementFaceScreen state={state} />;
    case 'choose':
      return <ChooseCardScreen state={state} />;
    case 'review':
      return <ReplacementReviewScreen state={state} />;
    case 'dispensing':
      return <DispensingScreen state={state} />;
    case 'new-pin':
      return <NewPinScreen state={state} />;
    case 'issuing':
      return <IssuingScreen state={state} />;
    case 'take-card':
      return <TakeCardScreen state={state} />;
    case 'done':
      return <ReplacementDoneScreen state={state} />;
    case 'stopped':
      return <ReplacementStoppedScreen state={state} />;
  }
}
