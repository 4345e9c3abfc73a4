// Card replacement, step 1: sign in — the bank card (a damaged one still reads), or, for a card
// that is lost or stolen, the China ID card; then the debit card's PIN on the pad. The prompts
// are the ones every card journey uses; the words say which way fits which customer.
import { useTranslation } from 'react-i18next';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { Progress } from '../../ui/Progress.js';
import { CardInsertPrompt } from '../card/CardInsertPrompt.js';
import { PinEntryPrompt } from '../card/PinEntryPrompt.js';
import { CancelReplacementButton } from './CancelReplacementButton.js';
import { ReplacementScreen } from './ReplacementScreen.js';

type State<P extends CardReplacementState['phase']> = Extract<CardReplacementState, { phase: P }>;

export function ReplacementCardScreen({ state }: { state: State<'card'> }) {
  const { t } = useTranslation();
  return (
    <ReplacementScreen state={state} title={t(state.idCard ? 'cardReplacement.signIn.idTitle' : 'cardReplacement.signIn.title')} testId="replace-card-screen">
      <CardInsertPrompt
        insertChip={state.insertChip}
        detail={
          <p className="device-prompt__hint" data-testid="replace-id-hint">
            {t(state.idCard ? 'cardReplacement.signIn.idHint' : 'cardReplacement.signIn.noIdHint')}
          </p>
        }
        cancel={<CancelReplacementButton />}
      />
    </ReplacementScreen>
  );
}

export function ReplacementPinScreen({ state }: { state: State<'pin'> }) {
  const { t } = useTranslation();
  return (
    <ReplacementScreen state={state} title={t('pinEntry.title')} testId="replace-pin-screen">
      <PinEntryPrompt pin={state} cancel={<CancelReplacementButton />} />
    </ReplacementScreen>
  );
}

export function ReplacementAuthorisingScreen({ state }: { state: State<'authorising'> | State<'idle'> }) {
  const { t } = useTranslation();
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.title')} testId="replace-authorising-screen">
      <Progress label={t(state.phase === 'idle' ? 'app.starting' : 'cardReplacement.signIn.authorising')} testId="replace-progress" />
    </ReplacementScreen>
  );
}
