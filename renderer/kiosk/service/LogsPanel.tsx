// The host log, newest first, a page at a time, filtered by level. The host bounds every page
// (lines, length) and the log is redacted at the source.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogLevelName, LogPage } from '../../../electron/bridge/service-contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { BigButton } from '../../ui/BigButton.js';
import { Progress } from '../../ui/Progress.js';
import type { Guard } from './session-calls.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevelName[];
const PAGE_LINES = 12;

export function LogsPanel({ sessionId, guard }: { sessionId: string; guard: Guard }) {
  const { t, i18n } = useTranslation();
  const client = useBridge();
  const [minLevel, setMinLevel] = useState<(typeof LEVELS)[number]>('info');
  /** Cursors of the pages shown so far; the last one is the page on screen (null = newest). */
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const [page, setPage] = useState<LogPage | null>(null);
  const before = cursors.at(-1) ?? null;

  const load = useCallback(() => {
    setPage(null);
    guard(() => client.request('serviceMode.logs', { sessionId, minLevel, before, limit: PAGE_LINES }))
      .then(setPage)
      .catch(() => undefined);
  }, [client, guard, sessionId, minLevel, before]);
  useEffect(load, [load]);

  const time = (at: string | null) => (at ? new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(at)) : '');

  return (
    <div className="service-logs" data-testid="service-logs">
      <div className="service-logs__toolbar">
      <div className="service-logs__filters" role="group" aria-label={t('service.logs.level')}>
        {LEVELS.map((level) => (
          <BigButton key={level} variant="quiet" aria-pressed={minLevel === level} onClick={() => (setMinLevel(level), setCursors([null]))} data-testid={`log-level-${level}`}>
            {t(`service.logs.levels.${level}`)}
          </BigButton>
        ))}
      </div>
      <div className="service-logs__paging">
        <BigButton variant="secondary" disabled={cursors.length === 1} onClick={() => setCursors([null])} data-testid="log-newest">
          {t('service.logs.newest')}
        </BigButton>
        <BigButton variant="secondary" disabled={!page || page.older === null} onClick={() => page && page.older !== null && setCursors([...cursors, page.older])} data-testid="log-older">
          {t('service.logs.older')}
        </BigButton>
      </div>
      </div>
      {!page ? (
        <Progress label={t('service.logs.loading')} />
      ) : page.file === null ? (
        <p>{t('service.logs.noFile')}</p>
      ) : page.lines.length === 0 ? (
        <p data-testid="log-empty">{t('service.logs.empty')}</p>
      ) : (
        <ol className="service-logs__lines" data-testid="log-lines">
          {page.lines.map((line) => (
            <li key={line.offset} className="service-log-line">
              <span className="service-log-line__time">{time(line.at)}</span>
              <span className={`service-log-line__level service-log-line__level--${line.level ?? 'none'}`}>{line.level ?? '—'}</span>
              <span className="service-log-line__msg">{line.msg}</span>
              {line.detail && <span className="service-log-line__detail">{line.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
