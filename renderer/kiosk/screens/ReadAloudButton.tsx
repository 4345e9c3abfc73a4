// Reads the current screen aloud in the session's language. Hidden where the platform has
// no speech synthesis, so a customer never presses a button that does nothing.
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../electron/bridge/contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { canSpeak, speak } from '../speech.js';

export function ReadAloudButton({ text, locale }: { text: string; locale: Locale }) {
  const { t } = useTranslation();
  if (!canSpeak()) return null;
  return (
    <BigButton variant="quiet" icon={<Icon name="speaker" />} onClick={() => speak(text, locale)} data-testid="read-aloud">
      {t('header.readAloud')}
    </BigButton>
  );
}
