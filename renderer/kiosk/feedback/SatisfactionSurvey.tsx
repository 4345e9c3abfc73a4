// The satisfaction question after a journey or a video call (issue 13): eleven big buttons
// 0–10 with their meaning at both ends; one tap is an answer. Then, optionally, a reason from
// short categories and a comment typed on the on-screen keyboard (pinyin for Chinese), with
// long numbers masked as they are typed, as in the chat; after a low score, a phone number for
// a call-back on the same pad and consent box as when no expert can answer. Skip is always there, and the survey
// gives up by itself after `timeoutMs` without a tap. A score already given is sent however
// the survey ends — Done, Skip, the timeout, or the visit ending under it — and only once.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../electron/bridge/contract.js';
import { maskPhone } from '../../../protocol/callback-phone.js';
import { chatRefusal } from '../../../protocol/number-guards.js';
import type { FeedbackAnswer } from '../../../protocol/customer-feedback.js';
import { FEEDBACK_COMMENT_MAX, FEEDBACK_REASONS, FOLLOW_UP_MAX_SCORE, NPS_SCORES, type FeedbackReason } from '../../../protocol/feedback-scale.js';
import { BigButton } from '../../ui/BigButton.js';
import { CallbackForm } from '../assist/CallbackForm.js';
import { maskNumbers } from '../assist/journey-state.js';
import { OnScreenKeyboard } from '../assist/OnScreenKeyboard.js';
import { useSurveyTimeout } from './useSurveyTimeout.js';

export const SURVEY_TIMEOUT_MS = 30_000;

interface Draft {
  score: number;
  reason: FeedbackReason | undefined;
  comment: string;
  /** Given only with the consent box ticked (CallbackForm enables its submit only then). */
  phone?: string;
}

/** What is sent: the comment only when it says something and carries no card or ID number. */
export function answerOf({ score, reason, comment, phone }: Draft): FeedbackAnswer {
  const text = comment.trim();
  return { score, ...(reason ? { reason } : {}), ...(text !== '' && chatRefusal(text) === null ? { comment: text } : {}), ...(phone ? { phone, consent: true as const } : {}) };
}

export interface SatisfactionSurveyProps {
  /** The question; null when the screen's own title asks it. */
  title: string | null;
  /** A line above the question (e.g. how the call ended). */
  lead?: ReactNode;
  locale: Locale;
  /** Prefix of the test ids: `<prefix>-<score>`, `<prefix>-skip`, `<prefix>-done`. */
  testIdPrefix: string;
  onSubmit(answer: FeedbackAnswer): void;
  /** Left without a score (Skip, or the timeout on the first question). */
  onSkip(): void;
  /** After the answer was sent: the caller ends the survey. */
  onFinished(): void;
  timeoutMs?: number;
  actions?: ReactNode;
}

export function SatisfactionSurvey({ title, lead, locale, testIdPrefix, onSubmit, onSkip, onFinished, timeoutMs = SURVEY_TIMEOUT_MS, actions }: SatisfactionSurveyProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [typing, setTyping] = useState(false);
  const [calling, setCalling] = useState(false);
  // Any tap keeps the survey open, also on the pads whose state is not the draft's.
  const [taps, setTaps] = useState(0);
  const sent = useRef(false);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const submitRef = useRef(onSubmit);
  submitRef.current = onSubmit;

  const send = useCallback(() => {
    const current = draftRef.current;
    if (!current || sent.current) return;
    sent.current = true;
    submitRef.current(answerOf(current));
  }, []);

  // The visit ended under the survey (idle timeout, Home, the session wiped): the tap counts.
  useEffect(() => () => send(), [send]);

  const finish = () => {
    send();
    onFinished();
  };
  useSurveyTimeout(timeoutMs, taps, () => (draftRef.current ? finish() : onSkip()));
  const tapped = () => setTaps((n) => n + 1);

  if (!draft) {
    return (
      <div className="survey" data-testid={testIdPrefix} data-step="score" onPointerDownCapture={tapped}>
        {lead}
        {title !== null && (
          <h2 className="survey__question" id={`${testIdPrefix}-title`}>
            {title}
          </h2>
        )}
        <p className="survey__hint" id={`${testIdPrefix}-hint`}>
          {t('feedback.hint')}
        </p>
        <div className="survey__scale" role="group" aria-labelledby={title !== null ? `${testIdPrefix}-title` : `${testIdPrefix}-hint`}>
          {NPS_SCORES.map((score) => (
            <button key={score} type="button" className="survey__score" data-testid={`${testIdPrefix}-${score}`} aria-label={t('feedback.score', { score })} onClick={() => setDraft({ score, reason: undefined, comment: '' })}>
              {score}
            </button>
          ))}
        </div>
        <div className="survey__ends" aria-hidden="true">
          <span>{t('feedback.low')}</span>
          <span>{t('feedback.high')}</span>
        </div>
        <div className="survey__actions">
          <BigButton variant="secondary" onClick={onSkip} data-testid={`${testIdPrefix}-skip`}>
            {t('feedback.skip')}
          </BigButton>
          {actions}
        </div>
      </div>
    );
  }

  if (calling) {
    return (
      <div className="survey" data-testid={testIdPrefix} data-step="phone" onPointerDownCapture={tapped}>
        <h2 className="survey__question">{t('assist.callback.title')}</h2>
        <CallbackForm
          onSubmit={async (phone) => {
            setDraft({ ...draft, phone });
            setCalling(false);
          }}
          onBack={() => setCalling(false)}
        />
      </div>
    );
  }

  const masked = draft.comment.includes('•');
  return (
    <div className="survey" data-testid={testIdPrefix} data-step="reason" data-score={draft.score} onPointerDownCapture={tapped}>
      <h2 className="survey__question">{t('feedback.reasonTitle')}</h2>
      <p className="survey__hint">{t('feedback.reasonHint')}</p>
      <div className="survey__reasons" role="group" aria-label={t('feedback.reasonTitle')}>
        {FEEDBACK_REASONS.map((reason) => (
          <button
            key={reason}
            type="button"
            className="survey__reason"
            aria-pressed={draft.reason === reason}
            data-testid={`${testIdPrefix}-reason-${reason}`}
            onClick={() => setDraft({ ...draft, reason: draft.reason === reason ? undefined : reason })}
          >
            {t(`feedback.reasons.${reason}`)}
          </button>
        ))}
      </div>
      <label className="survey__comment">
        <span>{t('feedback.commentLabel')}</span>
        <input
          className="survey__input"
          data-testid={`${testIdPrefix}-comment`}
          value={draft.comment}
          maxLength={FEEDBACK_COMMENT_MAX}
          onChange={(event) => setDraft({ ...draft, comment: maskNumbers(event.target.value).slice(0, FEEDBACK_COMMENT_MAX) })}
          aria-describedby={masked ? `${testIdPrefix}-masked` : undefined}
        />
      </label>
      {masked && (
        <p className="survey__note" id={`${testIdPrefix}-masked`}>
          {t('feedback.numbersMasked')}
        </p>
      )}
      {draft.phone && (
        <p className="survey__phone" role="status" data-testid={`${testIdPrefix}-phone-given`}>
          {t('assist.callback.bookedBody', { phone: maskPhone(draft.phone) })}
        </p>
      )}
      <div className="survey__actions">
        <BigButton onClick={finish} data-testid={`${testIdPrefix}-done`}>
          {t('feedback.done')}
        </BigButton>
        <BigButton variant="quiet" aria-pressed={typing} onClick={() => setTyping(!typing)} data-testid={`${testIdPrefix}-keyboard`}>
          {typing ? t('feedback.hideKeyboard') : t('feedback.comment')}
        </BigButton>
        {draft.score <= FOLLOW_UP_MAX_SCORE && !draft.phone && (
          <BigButton variant="quiet" onClick={() => setCalling(true)} data-testid={`${testIdPrefix}-call-back`}>
            {t('assist.callback.offer')}
          </BigButton>
        )}
        <BigButton variant="secondary" onClick={finish} data-testid={`${testIdPrefix}-skip`}>
          {t('feedback.skip')}
        </BigButton>
      </div>
      {typing && (
        <OnScreenKeyboard
          initialMode={locale === 'zh-CN' ? 'pinyin' : 'latin'}
          onKey={(key) => setDraft((d) => (d ? { ...d, comment: maskNumbers(d.comment + key).slice(0, FEEDBACK_COMMENT_MAX) } : d))}
          onBackspace={() => setDraft((d) => (d ? { ...d, comment: [...d.comment].slice(0, -1).join('') } : d))}
        />
      )}
    </div>
  );
}
