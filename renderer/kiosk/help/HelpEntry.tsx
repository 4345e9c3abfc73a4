// The way into the articles from the help wait: one button beside Cancel, shown only when the
// host has a knowledge base (so the waiting screen is unchanged on a host without one). Not
// 'huge': it must share Cancel's row, or Cancel leaves a landscape screen in large text.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { useSessionContext } from '../session/SessionContext.js';
import { useKnowledgeAvailable } from './use-knowledge.js';

/** `waiting`: an expert will answer ("while you wait"); false when no expert can answer now. */
export function HelpEntry({ waiting, onOpen }: { waiting: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  const { state } = useSessionContext();
  if (useKnowledgeAvailable(state.locale) !== true) return null;
  return (
    <BigButton variant="secondary" onClick={onOpen} data-testid="help-find-answer">
      {waiting ? t('help.findAnswer') : t('help.findAnswerYourself')}
    </BigButton>
  );
}
