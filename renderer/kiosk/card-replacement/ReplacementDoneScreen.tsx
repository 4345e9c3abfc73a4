// Card replacement, step 5: the new card is in the customer's hand. Its masked number, the
// bank's reference and the fee paid, whether the receipt printed (if not, the reference on
// screen is the record), and that the card works now; the old card, when the customer signed
// in with it and it is still in the reader. Done asks how it went.
import { useTranslation } from 'react-i18next';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { useSessionContext } from '../session/SessionContext.js';
import { ReplacementScreen } from './ReplacementScreen.js';
import { money } from './replacement-words.js';

type DoneState = Extract<CardReplacementState, { phase: 'done' }>;

function ReceiptLine({ receipt }: { receipt: DoneState['receipt'] }) {
  const { t } = useTranslation();
  if (receipt === 'printing') return <Progress label={t('cardReplacement.done.receiptPrinting')} testId="replace-receipt" />;
  if (receipt === 'printed') {
    return (
      <p className="ticket__take" data-testid="replace-receipt" data-receipt="printed">
        <Icon name="printer" /> {t('cardReplacement.done.receiptPrinted')}
      </p>
    );
  }
  return (
    <Notice tone="warning" testId="replace-receipt">
      {t('cardReplacement.done.receiptNotPrinted')}
    </Notice>
  );
}

export function ReplacementDoneScreen({ state }: { state: DoneState }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.done.title')} testId="replace-done-screen">
      <div className="replace-split">
        <section className="bill-result bill-result--approved" aria-live="polite" data-testid="replace-result">
          <dl className="replace-result">
            <div>
              <dt>{t('cardReplacement.done.card')}</dt>
              <dd data-testid="replace-done-card">{state.maskedPan}</dd>
            </div>
            <div>
              <dt>{t('cardReplacement.done.reference')}</dt>
              <dd data-testid="replace-reference">{state.reference}</dd>
            </div>
            <div>
              <dt>{t('cardReplacement.done.fee')}</dt>
              <dd data-testid="replace-done-fee">{state.fee.minor === 0 ? t('cardReplacement.done.noFee') : money(state.fee, session.locale)}</dd>
            </div>
          </dl>
          <p>{t('cardReplacement.done.works')}</p>
        </section>
        <div className="replace-actions">
          <ReceiptLine receipt={state.receipt} />
          {state.returnsCard === true && (
            <p className="replace-note" data-testid="replace-take-old-card">
              {t('cardReplacement.done.oldCard')}
            </p>
          )}
          <BigButton huge onClick={() => void actions.cardReplacement.finish()} data-testid="replace-done">
            {t('cardReplacement.done.done')}
          </BigButton>
        </div>
      </div>
    </ReplacementScreen>
  );
}
