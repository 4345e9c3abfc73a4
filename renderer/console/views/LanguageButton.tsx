// Switches the console between Chinese and English; the label is the other language's name.
import { useEffect } from 'react';
import { BigButton } from '../../ui/BigButton.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';

export function LanguageButton() {
  const t = useT();
  const controller = useController();
  const { locale } = useConsoleState();
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.title');
  }, [locale, t]);
  return (
    <BigButton variant="quiet" data-testid="console-language" onClick={() => controller.setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
      {t('app.language')}
    </BigButton>
  );
}
