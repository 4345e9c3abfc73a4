// One follow-up case: what the customer said, the phone (in full only for its owner, which
// the hub audits), take, status moves with a resolution, and the notes with who and when.
import { useState } from 'react';
import { FOLLOW_UP_MOVES, followUpResolutionSchema, type FollowUpDetail, type FollowUpResolution } from '../../../protocol/follow-ups.js';
import { BigButton } from '../../ui/BigButton.js';
import { useT } from '../ConsoleContext.js';
import { dateTime } from './follow-up-format.js';

export interface DetailActions {
  take(): void;
  contacted(): void;
  close(resolution: FollowUpResolution): void;
  addNote(text: string): void;
}

export function FollowUpDetailPanel({ detail, myStaffId, locale, busy, actions }: { detail: FollowUpDetail; myStaffId: string; locale: string; busy: boolean; actions: DetailActions }) {
  const t = useT();
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState<FollowUpResolution>('resolved');
  const mine = detail.owner?.staffId === myStaffId;
  const moves = FOLLOW_UP_MOVES[detail.status];
  return (
    <section className="follow-up-detail" data-testid="follow-up-detail" aria-labelledby="follow-up-detail-title" data-status={detail.status}>
      <h2 id="follow-up-detail-title">
        {t(`followUps.kind.${detail.kind}`)} · {detail.reference ?? detail.caseId.slice(0, 8)}
      </h2>
      <dl className="follow-up-facts">
        {detail.score !== null && (
          <>
            <dt>{t('followUps.columns.score')}</dt>
            <dd data-testid="follow-up-score">{detail.score}</dd>
          </>
        )}
        <dt>{t('followUps.columns.reason')}</dt>
        <dd>{t(`followUps.reason.${detail.reason ?? 'none'}`)}</dd>
        {detail.comment && (
          <>
            <dt>{t('followUps.comment')}</dt>
            <dd data-testid="follow-up-comment">{detail.comment}</dd>
          </>
        )}
        {detail.phone && (
          <>
            <dt>{t('followUps.phone')}</dt>
            <dd data-testid="follow-up-phone">
              {detail.phone}
              {detail.phoneMasked && <span className="follow-up-hint"> {t('followUps.phoneMasked')}</span>}
            </dd>
          </>
        )}
        <dt>{t('followUps.columns.due')}</dt>
        <dd className={detail.breached ? 'follow-up-breach' : undefined}>
          {dateTime(detail.dueAt, locale)} {detail.breached && <strong>{t('followUps.breached')}</strong>}
        </dd>
        <dt>{t('followUps.columns.owner')}</dt>
        <dd data-testid="follow-up-owner">{mine ? t('followUps.taken') : (detail.owner?.name ?? t('followUps.unowned'))}</dd>
        <dt>{t('followUps.columns.status')}</dt>
        <dd data-testid="follow-up-status">{t(`followUps.status.${detail.status}`)}{detail.resolution && ` · ${t(`followUps.resolution.${detail.resolution}`)}`}</dd>
      </dl>
      <div className="follow-up-actions">
        {!mine && detail.status !== 'closed' && (
          <BigButton onClick={actions.take} disabled={busy} data-testid="follow-up-take">
            {t('followUps.take')}
          </BigButton>
        )}
        {mine && moves.includes('contacted') && (
          <BigButton onClick={actions.contacted} disabled={busy} data-testid="follow-up-contacted">
            {t('followUps.markContacted')}
          </BigButton>
        )}
        {mine && moves.includes('closed') && (
          <span className="follow-up-close">
            <label>
              {t('followUps.resolutionLabel')}{' '}
              <select value={resolution} onChange={(event) => setResolution(followUpResolutionSchema.parse(event.target.value))} data-testid="follow-up-resolution">
                {followUpResolutionSchema.options.map((option) => (
                  <option key={option} value={option}>
                    {t(`followUps.resolution.${option}`)}
                  </option>
                ))}
              </select>
            </label>
            <BigButton variant="secondary" onClick={() => actions.close(resolution)} disabled={busy} data-testid="follow-up-close">
              {t('followUps.close')}
            </BigButton>
          </span>
        )}
      </div>
      <h3>{t('followUps.notes.title')}</h3>
      {detail.notes.length === 0 ? (
        <p>{t('followUps.notes.empty')}</p>
      ) : (
        <ol className="follow-up-notes" data-testid="follow-up-notes">
          {detail.notes.map((n) => (
            <li key={n.noteId}>
              <span className="follow-up-hint">{t('followUps.notes.by', { name: n.staffName, at: dateTime(n.at, locale) })}</span>
              <p>{n.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form
        className="follow-up-note-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (note.trim() === '') return;
          actions.addNote(note.trim());
          setNote('');
        }}
      >
        <label>
          <span className="visually-hidden">{t('followUps.notes.add')}</span>
          <textarea value={note} maxLength={2000} rows={3} placeholder={t('followUps.notes.placeholder')} aria-label={t('followUps.notes.add')} onChange={(event) => setNote(event.target.value)} data-testid="follow-up-note-text" />
        </label>
        <BigButton type="submit" variant="secondary" disabled={busy || note.trim() === ''} data-testid="follow-up-note-add">
          {t('followUps.notes.add')}
        </BigButton>
      </form>
    </section>
  );
}
