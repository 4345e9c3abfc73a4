// Waiting customers this expert may take, best first (the hub's order), with how long each
// has waited, language, topic, priority flags and where in a journey they asked for help.
import type { QueueEntry } from '../../../protocol/assist-values.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import { duration } from './format.js';
import { HubNotice } from './HubNotice.js';
import { stepName } from './journey-words.js';
import { cannotTake, type CannotTake } from './take-eligibility.js';
import { useNow } from './useNow.js';

function QueueRow({ entry, waited, canAccept, blocked }: { entry: QueueEntry; waited: number; canAccept: boolean; blocked: CannotTake | null }) {
  const t = useT();
  const controller = useController();
  const flagged = entry.priorityClass !== 'standard';
  return (
    <tr data-testid="queue-item" data-request-id={entry.requestId}>
      <td>{entry.kioskId}</td>
      <td data-testid="queue-waited">{duration(t, waited)}</td>
      <td>{t(`languages.${entry.language}`)}</td>
      <td>{t(`topics.${entry.topic}`)}</td>
      <td>
        {flagged && <span className={`console-flag console-flag--${entry.priorityClass}`}>{t(`priority.${entry.priorityClass}`)}</span>}
        {entry.transfer && <span className="console-flag">{t('queue.transferFrom', { name: entry.transfer.from })}</span>}
      </td>
      <td data-testid="queue-step">{stepName(t, entry.journeyStep)}</td>
      <td>
        {/* Not this expert's customer: say why instead of a Take the hub would refuse. */}
        {blocked ? (
          <span className="console-muted" data-testid="queue-cannot-take">
            {t(`queue.cannotTake.${blocked}`, { language: t(`languages.${entry.language}`), topic: t(`topics.${entry.topic}`) })}
          </span>
        ) : (
          <BigButton variant="secondary" disabled={!canAccept} data-testid="queue-accept" onClick={() => controller.accept(entry.requestId)}>
            {t('queue.accept')}
          </BigButton>
        )}
      </td>
    </tr>
  );
}

export function QueueView() {
  const t = useT();
  const controller = useController();
  const { queue, expertState, session } = useConsoleState();
  const now = useNow();
  const canAccept = expertState === 'available';
  const blockedOf = (entry: QueueEntry) => (session ? cannotTake(session.staff, entry) : null);
  const anyTakeable = queue.entries.some((entry) => blockedOf(entry) === null);
  const elapsedSec = queue.receivedAt ? (now - queue.receivedAt) / 1000 : 0;
  return (
    <section className="console-panel" data-testid="queue-view" aria-labelledby="queue-title">
      <div className="console-row">
        <h1 id="queue-title" className="console-title">
          {t('queue.title')} <span data-testid="queue-count">({queue.entries.length})</span>
        </h1>
        <BigButton disabled={!canAccept || !anyTakeable} data-testid="accept-next" onClick={() => controller.accept()}>
          {t('queue.acceptNext')}
        </BigButton>
      </div>
      <HubNotice />
      {!canAccept && <Notice tone="warning">{t('queue.goAvailable')}</Notice>}
      {queue.entries.length === 0 ? (
        <p className="console-muted" data-testid="queue-empty">
          {t('queue.empty')}
        </p>
      ) : (
        <table className="console-table">
          <thead>
            <tr>
              <th>{t('queue.columns.kiosk')}</th>
              <th>{t('queue.columns.waited')}</th>
              <th>{t('queue.columns.language')}</th>
              <th>{t('queue.columns.topic')}</th>
              <th>{t('queue.columns.flags')}</th>
              <th>{t('queue.columns.step')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {queue.entries.map((entry) => (
              <QueueRow key={entry.requestId} entry={entry} waited={entry.waitedSec + elapsedSec} canAccept={canAccept} blocked={blockedOf(entry)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
