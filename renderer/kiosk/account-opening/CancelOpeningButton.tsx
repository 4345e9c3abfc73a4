// Cancel on the steps before the bank is asked: the host withdraws the application and drops
// what it read, then the customer is back at the menu.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { useSessionContext } from '../session/SessionContext.js';

export function CancelOpeningButton() {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <BigButton variant="secondary" onClick={() => void actions.accountOpening.cancel()} data-testid="opening-cancel">
      {t('accountOpening.cancel')}
    </BigButton>
  );
}
