// "Need more time?" with a live countdown. Continue is the first action, so it holds focus
// and one tap (or Enter) keeps the session. The prompt is heard as well as seen: a chime and
// the question spoken when it opens (a customer may have looked away), and a polite live
// region that announces the time left every 10 s and in the last 5 s — not every second,
// which would drown a screen reader.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../electron/bridge/contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Modal } from '../../ui/Modal.js';
import { chime } from '../chime.js';
import { speak } from '../speech.js';
import { ReadAloudButton } from './ReadAloudButton.js';

/** The seconds worth announcing: multiples of 10, and 5. */
export function announcedSeconds(secondsLeft: number): number {
  return secondsLeft <= 5 ? Math.min(secondsLeft, 5) : Math.ceil(secondsLeft / 10) * 10;
}

export function IdleModal({ secondsLeft, onContinue }: { secondsLeft: number; onContinue: () => void }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const announced = announcedSeconds(secondsLeft);

  // Once per prompt, with the seconds it opened with.
  useEffect(() => {
    chime();
    speak(`${t('idle.title')} ${t('idle.countdown', { seconds: secondsLeft })}`, locale);
  }, []);

  return (
    <Modal
      title={t('idle.title')}
      role="alertdialog"
      testId="idle-modal"
      actions={
        <>
          <BigButton huge onClick={onContinue} data-testid="idle-continue">
            {t('idle.continue')}
          </BigButton>
          <ReadAloudButton />
        </>
      }
    >
      {/* The big number is for the eye; the sentence carries it for screen readers. */}
      <p className="idle__seconds" aria-hidden="true">
        {secondsLeft}
      </p>
      <p data-testid="idle-countdown">
        {t('idle.countdown', { seconds: secondsLeft })}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-read-aloud="skip" data-testid="idle-announcement">
        {t('idle.countdown', { seconds: announced })}
      </p>
    </Modal>
  );
}
