// The navigation every screen after Attract shares: Home, Back (only where it leads
// somewhere), video Help, language switch, large-text switch and read-aloud.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { assistBusy, useAssist } from '../assist/AssistContext.js';
import { backTarget } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';
import { ReadAloudButton } from './ReadAloudButton.js';

export function KioskHeader({ speech }: { speech: string }) {
  const { t } = useTranslation();
  const { state, actions } = useSessionContext();
  const assist = useAssist();
  const canGoBack = backTarget(state.phase) !== null;

  return (
    <>
      <BigButton variant="secondary" icon={<Icon name="home" />} onClick={actions.goHome} data-testid="home-button">
        {t('header.home')}
      </BigButton>
      {canGoBack && (
        <BigButton variant="secondary" icon={<Icon name="back" />} onClick={actions.back} data-testid="back-button">
          {t('header.back')}
        </BigButton>
      )}
      {/* Already asking or in a call: the help screens are showing, a second ask would do nothing. */}
      <BigButton variant="primary" icon={<Icon name="video" />} onClick={assist.requestHelp} disabled={assistBusy(assist.snapshot.status.state)} data-testid="help-button">
        {t('header.help')}
      </BigButton>
      <span className="kiosk-header__spacer" />
      <ReadAloudButton text={speech} locale={state.locale} />
      <BigButton variant="quiet" onClick={actions.toggleLocale} data-testid="language-toggle" lang={state.locale === 'zh-CN' ? 'en' : 'zh-CN'}>
        {t('header.switchLanguage')}
      </BigButton>
      <BigButton variant="quiet" aria-pressed={state.elder} onClick={actions.toggleElder} data-testid="elder-toggle">
        {state.elder ? t('header.elderOff') : t('header.elderOn')}
      </BigButton>
    </>
  );
}
