// Reload the page, or restart the host. The host answers how it restarts: `exit` (a
// supervisor starts it again and the screen comes back by itself) or `soft` (no supervisor:
// it reopened its devices, and the page reloads).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBridge } from '../../bridge/BridgeContext.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import type { Guard } from './session-calls.js';

export function RestartPanel({ sessionId, guard, reload }: { sessionId: string; guard: Guard; reload(): void }) {
  const { t } = useTranslation();
  const client = useBridge();
  const [phase, setPhase] = useState<'choose' | 'confirm-host' | 'restarting' | 'soft'>('choose');

  const restart = async (target: 'ui' | 'host') => {
    setPhase('restarting');
    try {
      const { mode } = await guard(() => client.request('serviceMode.restart', { sessionId, target }));
      if (mode === 'reload-page') reload();
      else if (mode === 'soft') setPhase('soft');
    } catch {
      setPhase('choose');
    }
  };

  if (phase === 'restarting') return <Progress label={t('service.restart.restarting')} testId="restarting" />;
  if (phase === 'soft') {
    return (
      <div className="service-restart">
        <Notice tone="warning">{t('service.restart.soft')}</Notice>
        <BigButton onClick={reload}>{t('service.restart.ui')}</BigButton>
      </div>
    );
  }
  return (
    <div className="service-restart" data-testid="service-restart">
      <section className="service-restart__option">
        <p>{t('service.restart.uiHint')}</p>
        <BigButton variant="secondary" onClick={() => void restart('ui')} data-testid="restart-ui">
          {t('service.restart.ui')}
        </BigButton>
      </section>
      <section className="service-restart__option">
        <p>{t('service.restart.hostHint')}</p>
        {phase === 'confirm-host' ? (
          <>
            <p className="service-restart__confirm">{t('service.restart.confirmTitle')}</p>
            <div className="service-restart__buttons">
              <BigButton onClick={() => void restart('host')} data-testid="restart-host-confirm">
                {t('service.restart.confirm')}
              </BigButton>
              <BigButton variant="secondary" onClick={() => setPhase('choose')}>
                {t('service.cancel')}
              </BigButton>
            </div>
          </>
        ) : (
          <BigButton variant="secondary" onClick={() => setPhase('confirm-host')} data-testid="restart-host">
            {t('service.restart.host')}
          </BigButton>
        )}
      </section>
    </div>
  );
}
