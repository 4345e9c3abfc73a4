// Reads what is on screen aloud, in the session's language: the screen or dialog the button
// sits in (screenText), not just its title. It is on every customer screen and dialog. With
// no voice for the language installed it stays visible but disabled and says why, so a
// customer never presses a button that silently does nothing.
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../electron/bridge/contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { screenText, speak, useVoice } from '../speech.js';

/** What the button reads: the nearest of these around it. */
const READ_SCOPE = '[data-read-aloud-root], [role="dialog"], [role="alertdialog"], .screen';

/** `bilingual`: before a language is chosen the label speaks both. */
export function ReadAloudButton({ bilingual = false }: { bilingual?: boolean }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const hasVoice = useVoice(locale);
  const key = hasVoice ? 'header.readAloud' : 'header.readAloudNoVoice';
  const read = (event: MouseEvent<HTMLButtonElement>) => {
    const root = event.currentTarget.closest(READ_SCOPE);
    if (root) speak(screenText(root, locale), locale);
  };
  return (
    <BigButton variant="quiet" icon={<Icon name="speaker" />} onClick={read} disabled={!hasVoice} data-read-aloud="skip" data-testid="read-aloud">
      {bilingual ? (
        <span className="bilingual-label">
          <span lang="zh-CN">{i18n.getFixedT('zh-CN')(key)}</span> <span lang="en">{i18n.getFixedT('en')(key)}</span>
        </span>
      ) : (
        t(key)
      )}
    </BigButton>
  );
}
