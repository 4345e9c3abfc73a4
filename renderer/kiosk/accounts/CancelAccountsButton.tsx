// Cancel on the card and PIN screens: the host stops the journey (PIN entry ended, card
// released), then the customer is back at the menu.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { useSessionContext } from '../session/SessionContext.js';

export function CancelAccountsButton() {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <BigButton variant="secondary" onClick={() => void actions.accounts.cancel()} data-testid="accounts-cancel">
      {t('accounts.cancel')}
    </BigButton>
  );
}
