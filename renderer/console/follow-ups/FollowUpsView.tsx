// Follow-ups (issue 13): the cases the hub opened for low scores and call-back requests, in
// one list sorted by contact deadline, overdue ones highlighted; pick one to take it, note
// what was done and move it on. Below, the declined stored payments staff must contact the
// customer about (issue 10, DeclinedPayments.tsx), then the customer-voice report with its
// CSV download.
import { useMemo, useState } from 'react';
import type { FollowUpCase, FollowUpDetail, FollowUpStatus } from '../../../protocol/follow-ups.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { errorCodeOf } from '../api/staff-resource.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import { FollowUpClient } from './follow-up-client.js';
import { FollowUpDetailPanel } from './FollowUpDetailPanel.js';
import { DeclinedPayments } from './DeclinedPayments.js';
import { dateTime } from './follow-up-format.js';
import { StoredPaymentClient } from './stored-payment-client.js';
import { VoiceReport } from './VoiceReport.js';
import './follow-ups.css';

const REFRESH_MS = 30_000;
const STATUS_FILTERS: readonly (FollowUpStatus | 'all')[] = ['all', 'open', 'contacted', 'closed'];

function CaseRow({ item, selected, locale, onSelect }: { item: FollowUpCase; selected: boolean; locale: string; onSelect: () => void }) {
  const t = useT();
  return (
    <tr className={item.breached ? 'follow-up-row follow-up-row--breached' : 'follow-up-row'} data-testid="follow-up-row" data-breached={item.breached} data-kind={item.kind} aria-selected={selected}>
      <td>
        <button type="button" className="follow-up-open" onClick={onSelect} data-testid="follow-up-open">
          {t(`followUps.kind.${item.kind}`)} · {item.reference ?? item.caseId.slice(0, 8)}
        </button>
      </td>
      <td data-testid="follow-up-row-score">{item.score ?? '–'}</td>
      <td>{t(`followUps.reason.${item.reason ?? 'none'}`)}</td>
      <td>{item.service ?? '–'}</td>
      <td>{item.kioskId}</td>
      <td>
        {dateTime(item.dueAt, locale)}
        {item.breached && <strong className="follow-up-badge" data-testid="follow-up-breached">{t('followUps.breached')}</strong>}
      </td>
      <td>{item.owner?.name ?? t('followUps.unowned')}</td>
      <td>{t(`followUps.status.${item.status}`)}</td>
    </tr>
  );
}

export function FollowUpsView() {
  const t = useT();
  const { session, locale } = useConsoleState();
  const token = session?.token ?? null;
  const client = useMemo(() => (token ? new FollowUpClient(token) : null), [token]);
  const paymentsClient = useMemo(() => (token ? new StoredPaymentClient(token) : null), [token]);
  const [status, setStatus] = useState<FollowUpStatus | 'all'>('open');
  const [breachedOnly, setBreachedOnly] = useState(false);
  const [detail, setDetail] = useState<FollowUpDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const load = useMemo(() => (client ? () => client.list({ ...(status === 'all' ? {} : { status }), breachedOnly }) : null), [client, status, breachedOnly]);
  const { data: cases, error, refresh, failed } = useStaffResource(load, REFRESH_MS);

  // Every action answers with the case; the list and the report follow.
  const act = async (work: (c: FollowUpClient) => Promise<unknown>, caseId: string) => {
    if (!client) return;
    setBusy(true);
    try {
      await work(client);
      setDetail(await client.detail(caseId));
      setVersion((v) => v + 1);
      await refresh();
    } catch (err) {
      failed(err);
      if (errorCodeOf(err) === 'conflict') setDetail(await client.detail(caseId).catch(() => null));
    } finally {
      setBusy(false);
    }
  };

  const select = async (caseId: string) => {
    if (!client) return;
    try {
      setDetail(await client.detail(caseId));
    } catch (err) {
      failed(err);
    }
  };

  return (
    <section className="console-panel follow-ups" data-testid="follow-ups-view" aria-labelledby="follow-ups-title" data-loaded={cases !== null}>
      <h1 id="follow-ups-title" className="console-title">
        {t('followUps.title')}
      </h1>
      {error && (
        <Notice tone="danger" testId="follow-ups-error">
          {t(error === 'conflict' ? 'followUps.errors.conflict' : error === 'forbidden' ? 'followUps.errors.forbidden' : 'followUps.loadFailed')}
        </Notice>
      )}
      <div className="follow-up-filters" role="group" aria-label={t('followUps.filters.label')}>
        {STATUS_FILTERS.map((option) => (
          <BigButton key={option} variant="quiet" aria-pressed={status === option} onClick={() => setStatus(option)} data-testid={`follow-up-filter-${option}`}>
            {t(`followUps.filters.${option}`)}
          </BigButton>
        ))}
        <BigButton variant="quiet" aria-pressed={breachedOnly} onClick={() => setBreachedOnly(!breachedOnly)} data-testid="follow-up-filter-breached">
          {t('followUps.filters.breached')}
        </BigButton>
        <BigButton variant="quiet" onClick={() => void refresh()} data-testid="follow-up-refresh">
          {t('followUps.refresh')}
        </BigButton>
      </div>
      <div className="follow-up-layout">
        <div className="follow-up-list">
          {cases && cases.length === 0 && <p data-testid="follow-ups-empty">{t('followUps.empty')}</p>}
          {cases && cases.length > 0 && (
            <table className="console-table" data-testid="follow-up-table">
              <thead>
                <tr>
                  <th scope="col">{t('followUps.columns.case')}</th>
                  <th scope="col">{t('followUps.columns.score')}</th>
                  <th scope="col">{t('followUps.columns.reason')}</th>
                  <th scope="col">{t('followUps.columns.service')}</th>
                  <th scope="col">{t('followUps.columns.kiosk')}</th>
                  <th scope="col">{t('followUps.columns.due')}</th>
                  <th scope="col">{t('followUps.columns.owner')}</th>
                  <th scope="col">{t('followUps.columns.status')}</th>
                </tr>
              </thead>
              <tbody>
                {cases.map((item) => (
                  <CaseRow key={item.caseId} item={item} locale={locale} selected={detail?.caseId === item.caseId} onSelect={() => void select(item.caseId)} />
                ))}
              </tbody>
            </table>
          )}
        </div>
        {detail && session && (
          <FollowUpDetailPanel
            detail={detail}
            myStaffId={session.staff.staffId}
            locale={locale}
            busy={busy}
            actions={{
              take: () => void act((c) => c.take(detail.caseId), detail.caseId),
              contacted: () => void act((c) => c.setStatus(detail.caseId, 'contacted'), detail.caseId),
              close: (resolution) => void act((c) => c.setStatus(detail.caseId, 'closed', resolution), detail.caseId),
              addNote: (text) => void act((c) => c.addNote(detail.caseId, text), detail.caseId),
            }}
          />
        )}
      </div>
      <DeclinedPayments client={paymentsClient} />
      {client && <VoiceReport client={client} version={version} />}
    </section>
  );
}
