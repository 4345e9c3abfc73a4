// Step 6: the bank opening the account (progress), the account opened (its masked number, the
// reference, whether the welcome slip printed, a debit card offer), or the journey stopped:
// why, in plain words, and a way on for every reason — a queue ticket for the counter where
// staff can help, Start again where trying again can work, and always the menu.
import { useTranslation } from 'react-i18next';
import type { AccountOpeningState, AccountOpeningStop } from '../../../electron/bridge/account-opening-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { useSessionContext } from '../session/SessionContext.js';
import { OpeningFrame } from './OpeningFrame.js';

type Of<P extends AccountOpeningState['phase']> = Extract<AccountOpeningState, { phase: P }>;

export function OpeningProgressScreen() {
  const { t } = useTranslation();
  return (
    <OpeningFrame phase="opening" title={t('accountOpening.title')} testId="opening-opening-screen">
      <Progress label={t('accountOpening.opening')} testId="opening-progress" />
    </OpeningFrame>
  );
}

/** "6222********0001" in groups of four, as the number is written on a card or a passbook. */
export const groupedAccount = (masked: string): string => masked.replace(/(.{4})(?=.)/g, '$1 ');

export function OpenedScreen({ state }: { state: Of<'opened'> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <OpeningFrame phase="opened" title={t('accountOpening.opened.title')} testId="opening-opened-screen">
      <dl className="opening-fields opening-fields--result">
        <div className="opening-fields__row">
          <dt>{t('accountOpening.opened.account')}</dt>
          <dd className="opening__account" data-testid="opening-account">
            {groupedAccount(state.maskedAccount)}
          </dd>
        </div>
        <div className="opening-fields__row">
          <dt>{t('accountOpening.opened.reference')}</dt>
          <dd data-testid="opening-reference">{state.reference}</dd>
        </div>
      </dl>
      {state.receipt === 'printing' ? (
        <Progress label={t('accountOpening.opened.receipt.printing')} testId="opening-receipt" />
      ) : state.receipt === 'printed' ? (
        <p className="ticket__take" data-testid="opening-receipt">
          <Icon name="printer" /> {t('accountOpening.opened.receipt.printed')}
        </p>
      ) : (
        <Notice tone="warning" testId="opening-receipt">
          {t('accountOpening.opened.receipt.not-printed')}
        </Notice>
      )}
      {state.cardOffer && (
        // The card-replacement journey issues it from the dispenser, for the account just opened (no sign-in, no fee).
        <div className="opening-card-offer" data-testid="opening-card-offer">
          <BigButton variant="secondary" icon={<Icon name="card" />} aria-describedby="opening-card-hint" onClick={() => void actions.cardReplacement.issueFirst()} data-testid="opening-issue-card">
            {t('accountOpening.opened.card')}
          </BigButton>
          <p id="opening-card-hint">{t('accountOpening.opened.cardHint')}</p>
        </div>
      )}
      <div className="action-row">
        <BigButton huge icon={<Icon name="home" />} onClick={() => void actions.accountOpening.finish()} data-testid="opening-done">
          {t('accountOpening.opened.done')}
        </BigButton>
      </div>
    </OpeningFrame>
  );
}

/** Stops the counter can resolve (staff, a guardian, another document): a ticket is offered. */
const TICKET_HELPS: ReadonlySet<AccountOpeningStop> = new Set(['declined', 'no-expert', 'face-check', 'under-age', 'document-expired', 'device', 'bank-refused', 'hub-unreachable']);
/** Stops where trying again at the kiosk can work. */
const AGAIN_HELPS: ReadonlySet<AccountOpeningStop> = new Set(['customer', 'timeout', 'hub-unreachable']);

export function StoppedScreen({ state }: { state: Of<'stopped'> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <OpeningFrame phase="stopped" title={t('accountOpening.stopped.title')} testId="opening-stopped-screen">
      <Notice tone={state.reason === 'customer' ? 'warning' : 'danger'} testId="opening-stop-reason">
        {t(`accountOpening.stopped.reasons.${state.reason}`)}
      </Notice>
      {state.declined && <p data-testid="opening-bank-code">{t('accountOpening.stopped.bankCode', { code: state.declined })}</p>}
      <div className="action-row">
        {TICKET_HELPS.has(state.reason) && (
          <BigButton huge icon={<Icon name="ticket" />} onClick={() => void actions.accountOpening.counterTicket()} data-testid="opening-ticket">
            {t('accountOpening.stopped.ticket')}
          </BigButton>
        )}
        {AGAIN_HELPS.has(state.reason) && (
          <BigButton variant={TICKET_HELPS.has(state.reason) ? 'secondary' : 'primary'} onClick={() => void actions.accountOpening.restart()} data-testid="opening-again">
            {t('accountOpening.stopped.again')}
          </BigButton>
        )}
        <BigButton variant="secondary" icon={<Icon name="home" />} onClick={actions.goHome} data-testid="opening-home">
          {t('accountOpening.stopped.home')}
        </BigButton>
      </div>
    </OpeningFrame>
  );
}
