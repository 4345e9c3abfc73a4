// After Done on a queue ticket or on a bill payment's result: the satisfaction question, then
// the visit ends. Every way out (an answer, Skip, the survey's own timeout) ends the session,
// so the next customer never finds it.
import { useTranslation } from 'react-i18next';
import type { Phase } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';
import { KioskScreen } from '../screens/KioskScreen.js';
import { ReadAloudButton } from '../screens/ReadAloudButton.js';
import { SatisfactionSurvey } from './SatisfactionSurvey.js';

type FeedbackPhase = Extract<Phase, { name: 'feedback' }>;

export function FeedbackScreen({ phase }: { phase: FeedbackPhase }) {
  const { t } = useTranslation();
  const { state, actions } = useSessionContext();
  const locale = state.locale;
  return (
    // The question is the screen's title: on a tall screen it is the large text in view, and the buttons sit within reach below.
    <KioskScreen title={t('feedback.title')} testId="feedback-screen">
      <SatisfactionSurvey
        title={null}
        locale={locale}
        testIdPrefix="feedback"
        onSubmit={(answer) => actions.sendFeedback(phase.about, locale, answer)}
        onSkip={actions.finish}
        onFinished={actions.finish}
        actions={<ReadAloudButton />}
      />
    </KioskScreen>
  );
}
