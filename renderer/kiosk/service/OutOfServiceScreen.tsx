// Shown by the kiosk itself when no journey it offers can run (e.g. a ticket-only kiosk whose
// printer is out of paper). Both languages at once, large; the only customer action is to
// swap which language leads. The hidden service gesture stays, so a technician can fix it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../electron/bridge/contract.js';
import type { OutOfService } from '../../../electron/bridge/service-contract.js';
import { otherLocale } from '../../i18n/i18n.js';
import { BigButton } from '../../ui/BigButton.js';
import { reasonKey } from './device-reasons.js';
import { ServiceGesture } from './ServiceGesture.js';

export function OutOfServiceScreen({ state, locale }: { state: OutOfService; locale: Locale }) {
  const { i18n } = useTranslation();
  const [lead, setLead] = useState<Locale>(locale);
  const first = state.blockedBy[0];
  return (
    <main className="out-of-service" data-testid="out-of-service" lang={lead}>
      {[lead, otherLocale(lead)].map((l, i) => {
        const t = i18n.getFixedT(l);
        return (
          <section key={l} lang={l} className={i === 0 ? 'out-of-service__block out-of-service__block--lead' : 'out-of-service__block'}>
            {i === 0 ? <h1 className="out-of-service__title">{t('outOfService.title')}</h1> : <h2 className="out-of-service__title">{t('outOfService.title')}</h2>}
            <p className="out-of-service__body">{t('outOfService.body')}</p>
            <p className="out-of-service__note">{t('outOfService.sorry')}</p>
            {first && <p className="out-of-service__note">{t('outOfService.reason', { reason: t(`outOfService.reasons.${reasonKey(first.reason)}`) })}</p>}
          </section>
        );
      })}
      <BigButton variant="secondary" lang={otherLocale(lead)} onClick={() => setLead(otherLocale(lead))} data-testid="out-of-service-language">
        {i18n.getFixedT(lead)('outOfService.switchLanguage')}
      </BigButton>
      <ServiceGesture />
    </main>
  );
}
