// Cancel on the screens before the new card is issued: the host stops the journey (PIN entry
// ended, a dispensed card captured, the sign-in card released), then the customer is at Home.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { useSessionContext } from '../session/SessionContext.js';

export function CancelReplacementButton() {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <BigButton variant="secondary" onClick={() => void actions.cardReplacement.cancel()} data-testid="replace-cancel">
      {t('cardReplacement.cancel')}
    </BigButton>
  );
}
