// Cancel on a bill screen: the host stops the journey (PIN entry ended, card released), then
// the customer is back at the menu.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { useSessionContext } from '../session/SessionContext.js';

export function CancelBillButton() {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <BigButton variant="secondary" onClick={() => void actions.cancelBill()} data-testid="bill-cancel">
      {t('bill.cancel')}
    </BigButton>
  );
}
