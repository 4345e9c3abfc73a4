// The floor at a glance for supervisors and admins: queue length, longest wait, SLA
// breaches (live alerts as they happen) and every staff member's state. Fed by the hub's
// `supervisor.snapshot` (on change and every 5 s) and `sla.breach`.
import { Notice } from '../../ui/Notice.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import { clockTime, duration } from './format.js';
import { useNow } from './useNow.js';

export function SupervisorView() {
  const t = useT();
  const { supervisor, liveBreaches, locale } = useConsoleState();
  const now = useNow();
  if (!supervisor) return <section className="console-panel" data-testid="supervisor-view" />;
  const sinceSec = (now - supervisor.receivedAt) / 1000;
  const longest = supervisor.queueLength > 0 ? supervisor.longestWaitSec + sinceSec : 0;
  return (
    <section className="console-panel" data-testid="supervisor-view" aria-labelledby="supervisor-title">
      <h1 id="supervisor-title" className="console-title">
        {t('supervisor.title')}
      </h1>
      {liveBreaches[0] && (
        <Notice tone="danger" testId="sla-alert">
          {t('supervisor.live', { kiosk: liveBreaches[0].kioskId, rule: liveBreaches[0].ruleId })}
        </Notice>
      )}
      <dl className="console-tiles">
        <div>
          <dt>{t('supervisor.queueLength')}</dt>
          <dd data-testid="sup-queue-length">{supervisor.queueLength}</dd>
        </div>
        <div>
          <dt>{t('supervisor.longestWait')}</dt>
          <dd data-testid="sup-longest-wait">{duration(t, longest)}</dd>
        </div>
        <div className={supervisor.slaBreaches.total > 0 ? 'console-tiles--alert' : undefined}>
          <dt>{t('supervisor.breaches')}</dt>
          <dd data-testid="sup-breaches">{supervisor.slaBreaches.total}</dd>
        </div>
      </dl>
      <h2 className="console-subtitle">{t('supervisor.experts')}</h2>
      <table className="console-table">
        <thead>
          <tr>
            <th>{t('supervisor.name')}</th>
            <th>{t('supervisor.state')}</th>
            <th>{t('supervisor.since')}</th>
          </tr>
        </thead>
        <tbody>
          {supervisor.experts.map((expert) => (
            <tr key={expert.staffId} data-testid="sup-expert" data-state={expert.state}>
              <td>
                {expert.displayName} <span className="console-muted">({t(`roles.${expert.role}`)})</span>
              </td>
              <td>
                <span className={`console-state console-state--${expert.state}`}>{t(`states.${expert.state}`)}</span>
              </td>
              <td>{duration(t, expert.inStateSec + sinceSec)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="console-subtitle">{t('supervisor.recentBreaches')}</h2>
      {supervisor.slaBreaches.recent.length === 0 ? (
        <p className="console-muted">{t('supervisor.noBreaches')}</p>
      ) : (
        <ul className="console-list" data-testid="sup-breach-list">
          {supervisor.slaBreaches.recent.map((breach) => (
            <li key={`${breach.requestId}-${breach.ruleId}`}>
              {t('supervisor.breachLine', { kiosk: breach.kioskId, rule: breach.ruleId, kind: t(`supervisor.kinds.${breach.kind}`), at: clockTime(breach.breachedAt, locale) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
