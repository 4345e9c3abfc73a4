// Reads the balances aloud on request, as sentences made for listening: the account's name and
// last four digits (not a row of asterisks), then both balances as amounts in the customer's
// language. With no voice for the language it stays visible but disabled and says why.
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../../protocol/core-banking.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { useSessionContext } from '../session/SessionContext.js';
import { speak, useVoice } from '../speech.js';
import { balancesSpeech } from './account-words.js';

export function ReadBalancesButton({ accounts }: { accounts: readonly AccountSummary[] }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  const hasVoice = useVoice(locale);
  return (
    <BigButton
      variant="secondary"
      icon={<Icon name="speaker" />}
      disabled={!hasVoice}
      onClick={() => speak(balancesSpeech(accounts, locale, t), locale)}
      data-read-aloud="skip"
      data-testid="read-balances"
    >
      {hasVoice ? t('accounts.balances.readAloud') : t('header.readAloudNoVoice')}
    </BigButton>
  );
}
