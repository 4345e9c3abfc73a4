// Frame of every service-mode screen: title, who/what line, language switch and the exit
// (Cancel at sign-in, Leave once signed in).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../../ui/ScreenFrame.js';
import { BigButton } from '../../ui/BigButton.js';

export function ServiceFrame({ title, line, exitLabel, onExit, onLanguage, nav, testId, children }: {
  title: string;
  line?: string;
  exitLabel: string;
  onExit(): void;
  onLanguage(): void;
  nav?: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="service">
      <ScreenFrame
        title={title}
        testId={testId}
        header={
          <div className="service__header">
            <span className="service__brand">{t('service.title')}</span>
            {line && <span className="service__line">{line}</span>}
            <span className="kiosk-header__spacer" />
            <BigButton variant="quiet" onClick={onLanguage} data-testid="service-language">
              {t('service.language')}
            </BigButton>
            <BigButton variant="secondary" onClick={onExit} data-testid="service-exit">
              {exitLabel}
            </BigButton>
          </div>
        }
        banner={nav}
      >
        {children}
      </ScreenFrame>
    </div>
  );
}
