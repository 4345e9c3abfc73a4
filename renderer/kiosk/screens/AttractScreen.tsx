// The idle face of the kiosk: branch name, clock and a bilingual invitation. The whole
// screen is one button, so a tap anywhere (or Enter) starts a visit. Shown in both
// languages because nobody has chosen one yet.
import { useTranslation } from 'react-i18next';
import { otherLocale } from '../../i18n/i18n.js';
import { useSessionContext } from '../session/SessionContext.js';
import { attractDate, attractTime } from './attract-clock.js';
import { useClock } from './useClock.js';

export function AttractScreen() {
  const { i18n } = useTranslation();
  const { info, actions } = useSessionContext();
  const now = useClock();
  const locales = [info.defaultLocale, otherLocale(info.defaultLocale)];
  const time = attractTime(now);

  return (
    <button type="button" className="attract" data-testid="attract" onClick={actions.start}>
      <time className="attract__clock" dateTime={now.toISOString()}>
        {time}
      </time>
      {locales.map((locale) => {
        const t = i18n.getFixedT(locale);
        const date = attractDate(now, locale);
        return (
          <span key={locale} lang={locale} className="attract__block">
            <span className="attract__branch">{info.branchName[locale]}</span>
            <span className="attract__date">{date}</span>
            <span className="attract__cta">{t('attract.touchToStart')}</span>
          </span>
        );
      })}
    </button>
  );
}
