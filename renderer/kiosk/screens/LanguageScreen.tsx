// First choice of the visit. Simplified Chinese comes first (the default); each button is
// labelled in its own language so the customer recognises theirs.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { useSessionContext } from '../session/SessionContext.js';
import { KioskScreen } from './KioskScreen.js';

export function LanguageScreen() {
  const { t, i18n } = useTranslation();
  const { actions } = useSessionContext();
  // Nobody has chosen yet, so the question is asked in both languages.
  const title = `${i18n.getFixedT('zh-CN')('language.title')} / ${i18n.getFixedT('en')('language.title')}`;

  return (
    <KioskScreen title={title} testId="language-screen">
      <div className="choice-stack">
        <BigButton huge lang="zh-CN" onClick={() => actions.chooseLanguage('zh-CN')} data-testid="language-zh">
          {t('language.zh')}
        </BigButton>
        <BigButton huge variant="secondary" lang="en" onClick={() => actions.chooseLanguage('en')} data-testid="language-en">
          {t('language.en')}
        </BigButton>
      </div>
    </KioskScreen>
  );
}
