// Card replacement signed in by ID card: the face check against the card's chip photo before any
// card is shown (issue 11). The same step as account opening's (IdentityFaceCheck); the host
// goes on only with a live face that matches, and says so when it does not.
import { useTranslation } from 'react-i18next';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { IdentityFaceCheck } from '../account-opening/FaceScreen.js';
import { useSessionContext } from '../session/SessionContext.js';
import { CancelReplacementButton } from './CancelReplacementButton.js';
import { ReplacementScreen } from './ReplacementScreen.js';

export function ReplacementFaceScreen({ state }: { state: Extract<CardReplacementState, { phase: 'face' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.face.title')} testId="replace-face-screen">
      <p>{t('cardReplacement.face.hint')}</p>
      <IdentityFaceCheck idPhoto={state.idPhoto} onEvidence={(evidence) => actions.cardReplacement.face(evidence)} />
      <div className="action-row">
        <CancelReplacementButton />
      </div>
    </ReplacementScreen>
  );
}
