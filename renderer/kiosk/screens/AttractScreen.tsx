// The idle face of the kiosk: branch name, clock and a bilingual invitation. The whole
// screen is one button, so a tap anywhere (or Enter) starts a visit. Shown in both
// languages because nobody has chosen one yet.
import { useTranslation } from 'react-i18next';
import { otherLocale } from '../../i18n/i18n.js';
import { useSessionContext } from '../session/SessionContext.js';
import { useClock } from './useClock.js';

// The clock re-renders this screen every second, all day: an ICU formatter costs far more to
// make than to use, so each is made once per locale.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(locale: string, kind: 'time' | 'date'): Intl.DateTimeFormat {
  const key = `${kind} ${locale}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, kind === 'time' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { dateStyle: 'full' });
    formats.set(key, format);
  }
  return format;
}

export function AttractScreen() {
  const { i18n } = useTranslation();
  const { info, actions } = useSessionContext();
  const now = useClock();
  const locales = [info.defaultLocale, otherLocale(info.defaultLocale)];
  const time = formatOf(info.defaultLocale, 'time').format(now);

  return (
    <button type="button" className="attract" data-testid="attract" onClick={actions.start}>
      <time className="attract__clock" dateTime={now.toISOString()}>
        {time}
      </time>
      {locales.map((locale) => {
        const t = i18n.getFixedT(locale);
        const date = formatOf(locale, 'date').format(now);
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
