// Service mode in the page: sign-in, then the console (tests, logs, restart) until the
// technician leaves, the host ends the session (5 min idle, replaced, restart) or a request
// finds it gone. Taps count as activity even when they send nothing to the host.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../electron/bridge/contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { otherLocale } from '../../i18n/i18n.js';
import { BigButton } from '../../ui/BigButton.js';
import { LogsPanel } from './LogsPanel.js';
import { RestartPanel } from './RestartPanel.js';
import { ServiceFrame } from './ServiceFrame.js';
import { ServiceLogin, type SignedIn } from './ServiceLogin.js';
import { sessionGuard } from './session-calls.js';
import { TestsPanel } from './TestsPanel.js';

const SECTIONS = ['tests', 'logs', 'restart'] as const;
type Section = (typeof SECTIONS)[number];
const TOUCH_EVERY_MS = 30_000;

export function ServiceApp({ defaultLocale, onExit, reload }: { defaultLocale: Locale; onExit(): void; reload(): void }) {
  const { t, i18n } = useTranslation();
  const client = useBridge();
  const [locale, setLocale] = useState<Locale>(defaultLocale);
  const [signed, setSigned] = useState<SignedIn | null>(null);
  const [section, setSection] = useState<Section>('tests');
  const lastTouch = useRef(0);

  useEffect(() => {
    void i18n.changeLanguage(locale);
    document.documentElement.lang = locale;
  }, [i18n, locale]);

  useEffect(() => {
    if (!signed) return;
    return client.on('serviceMode.ended', (e) => {
      if (e.sessionId === signed.sessionId) onExit();
    });
  }, [client, signed, onExit]);

  const guard = useMemo(() => sessionGuard(onExit), [onExit]);
  const toggleLanguage = () => setLocale(otherLocale(locale));

  if (!signed) return <ServiceLogin onSignedIn={setSigned} onCancel={onExit} onLanguage={toggleLanguage} />;

  const { sessionId } = signed;
  const leave = () => void client.request('serviceMode.leave', { sessionId }).catch(() => undefined).finally(onExit);
  const touched = () => {
    const now = performance.now();
    if (now - lastTouch.current < TOUCH_EVERY_MS) return;
    lastTouch.current = now;
    void guard(() => client.request('serviceMode.touch', { sessionId })).catch(() => undefined);
  };

  const nav = (
    <nav className="service-nav" aria-label={t('service.nav.label')}>
      {SECTIONS.map((s) => (
        <BigButton key={s} variant="quiet" aria-pressed={section === s} onClick={() => setSection(s)} data-testid={`nav-${s}`}>
          {t(`service.nav.${s}`)}
        </BigButton>
      ))}
    </nav>
  );

  return (
    <div className="service-app" onPointerDownCapture={touched}>
      <ServiceFrame title={t(`service.nav.${section}`)} line={signed.technician} exitLabel={t('service.leave')} onExit={leave} onLanguage={toggleLanguage} nav={nav} testId={`service-screen-${section}`}>
        {section === 'tests' && <TestsPanel sessionId={sessionId} guard={guard} />}
        {section === 'logs' && <LogsPanel sessionId={sessionId} guard={guard} />}
        {section === 'restart' && <RestartPanel sessionId={sessionId} guard={guard} reload={reload} />}
      </ServiceFrame>
    </div>
  );
}
