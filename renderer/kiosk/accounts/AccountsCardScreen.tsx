// Balances and statements, step 1: the card, then the PIN (the prompts bill payment uses too).
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { CardInsertPrompt } from '../card/CardInsertPrompt.js';
import { PinEntryPrompt } from '../card/PinEntryPrompt.js';
import { AccountsScreen } from './AccountsScreen.js';
import { CancelAccountsButton } from './CancelAccountsButton.js';

export function AccountsCardScreen({ state }: { state: Extract<AccountServicesState, { phase: 'card' }> }) {
  const { t } = useTranslation();
  return (
    <AccountsScreen phase="card" title={t(state.idCard ? 'accounts.idTitle' : 'cardEntry.title')} testId="accounts-card-screen">
      <CardInsertPrompt
        insertChip={state.insertChip}
        detail={
          state.idCard ? (
            <p className="device-prompt__hint" data-testid="accounts-id-card-hint">
              {t('accounts.idHint')}
            </p>
          ) : undefined
        }
        cancel={<CancelAccountsButton />}
      />
    </AccountsScreen>
  );
}

export function AccountsPinScreen({ state }: { state: Extract<AccountServicesState, { phase: 'pin' }> }) {
  const { t } = useTranslation();
  return (
    <AccountsScreen phase="pin" title={t('pinEntry.title')} testId="accounts-pin-screen">
      <PinEntryPrompt pin={state} cancel={<CancelAccountsButton />} />
    </AccountsScreen>
  );
}
