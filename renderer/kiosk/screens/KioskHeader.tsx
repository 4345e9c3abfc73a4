// The navigation every screen after Attract shares: Home, Back (only where it leads
// somewhere), video Help, language switch, large-text switch and read-aloud. Until the
// customer has chosen a language (the language screen) every label is in both languages and
// there is no language switch: the screen itself is the choice.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { assistBusy, useAssist } from '../assist/AssistContext.js';
import { canGoHome, hasBack } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';
import { ReadAloudButton } from './ReadAloudButton.js';

type HeaderKey = 'header.home' | 'header.back' | 'header.help' | 'header.largeText';

export function KioskHeader() {
  const { t, i18n } = useTranslation();
  const { state, actions } = useSessionContext();
  const assist = useAssist();
  const canGoBack = hasBack(state.phase);
  const chosen = state.phase.name !== 'language';
  const label = (key: HeaderKey): ReactNode =>
    chosen ? (
      t(key)
    ) : (
      <span className="bilingual-label">
        <span lang="zh-CN">{i18n.getFixedT('zh-CN')(key)}</span> <span lang="en">{i18n.getFixedT('en')(key)}</span>
      </span>
    );

  return (
    <>
      {/* While money moves the customer stays for the result (and their card). */}
      <BigButton variant="secondary" icon={<Icon name="home" />} onClick={actions.goHome} disabled={!canGoHome(state.phase)} data-testid="home-button">
        {label('header.home')}
      </BigButton>
      {canGoBack && (
        <BigButton variant="secondary" icon={<Icon name="back" />} onClick={actions.back} data-testid="back-button">
          {label('header.back')}
        </BigButton>
      )}
      {/* Already asking or in a call: the help screens are showing, a second ask would do nothing. */}
      <BigButton variant="primary" icon={<Icon name="video" />} onClick={assist.requestHelp} disabled={assistBusy(assist.snapshot.status.state)} data-testid="help-button">
        {label('header.help')}
      </BigButton>
      <span className="kiosk-header__spacer" />
      <ReadAloudButton bilingual={!chosen} />
      {chosen && (
        <BigButton variant="secondary" icon={<Icon name="language" />} onClick={actions.toggleLocale} data-testid="language-toggle" lang={state.locale === 'zh-CN' ? 'en' : 'zh-CN'}>
          {t('header.switchLanguage')}
        </BigButton>
      )}
      {/* A switch: the name stays "Large text"; aria-pressed and the fill say whether it is on. */}
      <BigButton variant="secondary" icon={<Icon name="textSize" />} aria-pressed={state.elder} onClick={actions.toggleElder} data-testid="elder-toggle">
        {label('header.largeText')}
      </BigButton>
    </>
  );
}
