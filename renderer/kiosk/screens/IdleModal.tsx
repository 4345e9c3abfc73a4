// "Need more time?" with a live countdown. Continue is the first action, so it holds focus
// and one tap (or Enter) keeps the session.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Modal } from '../../ui/Modal.js';

export function IdleModal({ secondsLeft, onContinue }: { secondsLeft: number; onContinue: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t('idle.title')}
      role="alertdialog"
      testId="idle-modal"
      actions={
        <BigButton huge onClick={onContinue} data-testid="idle-continue">
          {t('idle.continue')}
        </BigButton>
      }
    >
      {/* The big number is for the eye; the sentence carries it for screen readers. */}
      <p className="idle__seconds" aria-hidden="true">
        {secondsLeft}
      </p>
      <p data-testid="idle-countdown">{t('idle.countdown', { seconds: secondsLeft })}</p>
    </Modal>
  );
}
