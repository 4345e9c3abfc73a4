// Bill payment on screen: one screen per host phase. The host decides every move; this only
// picks what to show for the state it last sent.
import { useTranslation } from 'react-i18next';
import { Progress } from '../../ui/Progress.js';
import type { Phase } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';
import { BillCardScreen } from './BillCardScreen.js';
import { BillEntryScreen } from './BillEntryScreen.js';
import { BillPinScreen } from './BillPinScreen.js';
import { BillResultScreen } from './BillResultScreen.js';
import { BillReviewScreen } from './BillReviewScreen.js';
import { BillScreen } from './BillScreen.js';
import { BillShownScreen } from './BillShownScreen.js';
import { BillStoppedScreen } from './BillStoppedScreen.js';
import { BillFacts } from './BillFacts.js';

export function BillPaymentScreen({ phase }: { phase: Extract<Phase, { name: 'bill' }> }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  const { state } = phase.status;
  switch (state.phase) {
    case 'idle':
      return (
        <BillScreen phase="idle" title={t('bill.entry.title')} testId="bill-starting-screen">
          <Progress label={t('app.starting')} />
        </BillScreen>
      );
    case 'bill-entry':
      return <BillEntryScreen state={state} />;
    case 'finding-bill':
      return (
        <BillScreen phase="finding-bill" title={t('bill.entry.title')} testId="bill-finding-screen">
          <Progress label={t('bill.finding')} testId="bill-progress" />
        </BillScreen>
      );
    case 'bill-shown':
      return <BillShownScreen state={state} />;
    case 'card':
      return <BillCardScreen state={state} />;
    case 'pin':
      return <BillPinScreen state={state} />;
    case 'authorising':
      return (
        <BillScreen phase="authorising" title={state.billerName[locale]} testId="bill-authorising-screen">
          <Progress label={t('bill.authorising')} testId="bill-progress" />
          <BillFacts bill={state.bill} billerName={state.billerName} brief />
        </BillScreen>
      );
    case 'review':
      return <BillReviewScreen state={state} />;
    case 'paying':
      return (
        <BillScreen phase="paying" title={state.billerName[locale]} testId="bill-paying-screen">
          <Progress label={t('bill.paying')} testId="bill-progress" />
          <BillFacts bill={state.bill} billerName={state.billerName} brief />
        </BillScreen>
      );
    case 'result':
      return <BillResultScreen state={state} />;
    case 'stopped':
      return <BillStoppedScreen state={state} />;
  }
}
