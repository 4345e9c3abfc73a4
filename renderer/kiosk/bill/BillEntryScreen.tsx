// Bill payment, step 1: scan the bill's code (the scanner under the screen sends it straight
// to the host), or pick the biller and type the account number on the number pad. The host
// answers with the bill, or puts the customer back here with the problem in plain words.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BillerChoice, BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { useBridgeRead } from '../../bridge/useBridgeRead.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { Tile } from '../../ui/Tile.js';
import { Icon } from '../../ui/Icon.js';
import { useSessionContext } from '../session/SessionContext.js';
import { BillScreen } from './BillScreen.js';
import { DevicePicture } from '../card/DevicePicture.js';
import { ReferenceEntry } from './ReferenceEntry.js';
import { money, problemKey } from './bill-words.js';

type EntryState = Extract<BillPaymentState, { phase: 'bill-entry' }>;

function BillerTiles({ onPick }: { onPick(biller: BillerChoice): void }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  const { state } = useBridgeRead('billPayment.billers');
  if (state.status === 'loading') return <Progress label={t('bill.entry.loadingBillers')} />;
  if (state.status === 'failed' || !state.value.reachable || state.value.billers.length === 0) {
    return <Notice tone="warning">{t('bill.entry.billersUnavailable')}</Notice>;
  }
  return (
    <div className="tile-grid tile-grid--compact bill-billers">
      {state.value.billers.map((biller) => (
        <Tile
          key={biller.billerId}
          icon={<Icon name="bill" />}
          label={biller.name[locale]}
          description={biller.fee.minor > 0 ? t('bill.entry.fee', { fee: money(biller.fee, locale) }) : t('bill.entry.noFee')}
          onSelect={() => onPick(biller)}
          testId={`biller-${biller.billerId}`}
        />
      ))}
    </div>
  );
}

export function BillEntryScreen({ state }: { state: EntryState }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const [biller, setBiller] = useState<BillerChoice | null>(null);

  // Typing for one biller: its name is the title, so the pad and Find fit a wide screen in large text.
  return (
    <BillScreen phase="bill-entry" title={biller ? biller.name[session.locale] : t('bill.entry.title')} testId="bill-entry-screen">
      {state.problem && (
        <Notice tone="danger" testId="bill-problem">
          {t(problemKey[state.problem])}
        </Notice>
      )}
      {biller ? (
        <ReferenceEntry biller={biller} onFind={(reference) => void actions.findBill(biller.billerId, reference)} onOtherBiller={() => setBiller(null)} />
      ) : (
        <div className="bill-entry">
          <section className="bill-scan" data-testid="bill-scan-prompt">
            <DevicePicture kind="scan" />
            <div>
              <h2>{t('bill.entry.scanTitle')}</h2>
              <p>{t('bill.entry.scanHint')}</p>
            </div>
          </section>
          <section className="bill-entry__billers">
            <h2>{t('bill.entry.orType')}</h2>
            <BillerTiles onPick={setBiller} />
          </section>
        </div>
      )}
    </BillScreen>
  );
}
