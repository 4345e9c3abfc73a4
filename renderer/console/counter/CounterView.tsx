// The teller's counter: pick the branch and a counter, open it, then call the next ticket
// (the hub chooses it by priority and the counter's services), recall, serve, finish, mark a
// no-show or transfer to another service. The branch's waiting counts and last calls follow
// the hub by long poll. Every refusal arrives as a stable reason and is shown in words.
import { useEffect, useMemo, useState } from 'react';
import type { BranchTicket, Counter, CounterAction, ServiceClass, Snapshot } from '../../../protocol/branch-queue.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import type { Translate } from '../i18n/console-i18n.js';
import { clockTime } from '../views/format.js';
import { CounterApiError, CounterClient, type CounterErrorCode } from './counter-client.js';

const RETRY_MS = 2000;

/** The branch's snapshot, kept fresh by long poll; survives a hub restart by retrying. */
function useBranchSnapshot(client: CounterClient, branchId: string | null): Snapshot | null {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  useEffect(() => {
    if (!branchId) return undefined;
    const abort = new AbortController();
    let after: number | undefined;
    void (async () => {
      while (!abort.signal.aborted) {
        try {
          const next = await client.snapshot(branchId, after, abort.signal);
          after = next.seq;
          setSnapshot(next);
        } catch {
          if (abort.signal.aborted) return;
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        }
      }
    })();
    return () => abort.abort();
  }, [client, branchId]);
  return snapshot;
}

function estimateWords(t: Translate, sec: number | null): string {
  if (sec === null) return t('counter.noEstimate');
  return sec === 0 ? t('counter.now') : t('counter.minutes', { m: Math.ceil(sec / 60) });
}

function TicketCard({ ticket }: { ticket: BranchTicket | null }) {
  const t = useT();
  if (!ticket) return <p className="console-muted" data-testid="counter-no-ticket">{t('counter.noTicket')}</p>;
  return (
    <div className="counter-ticket" data-testid="counter-ticket" data-state={ticket.state}>
      <span className="counter-number" data-testid="counter-ticket-number">{ticket.number}</span>
      <span>{t(`counter.states.${ticket.state}`)}</span>
      <span>{t(`counter.classes.${ticket.serviceClass}`)}</span>
      <span>{ticket.serviceId}</span>
    </div>
  );
}

export function CounterView() {
  const t = useT();
  const controller = useController();
  const { session, locale } = useConsoleState();
  const token = session?.token ?? '';
  const client = useMemo(() => new CounterClient(token), [token]);
  const [branchInput, setBranchInput] = useState(() => new URLSearchParams(globalThis.location?.search ?? '').get('branch') ?? '');
  const [branchId, setBranchId] = useState<string | null>(null);
  const [counters, setCounters] = useState<Counter[]>([]);
  const [counter, setCounter] = useState<Counter | null>(null);
  const [ticket, setTicket] = useState<BranchTicket | null>(null);
  const [error, setError] = useState<CounterErrorCode | null>(null);
  const [busy, setBusy] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const [flagNumber, setFlagNumber] = useState('');
  const [flagClass, setFlagClass] = useState<ServiceClass>('vip');
  const [flagged, setFlagged] = useState<BranchTicket | null>(null);
  /** The number typed when no waiting ticket had it (not the counter's "not found"). */
  const [flagMissing, setFlagMissing] = useState<string | null>(null);
  const snapshot = useBranchSnapshot(client, branchId);

  const run = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      const code = caught instanceof CounterApiError ? caught.code : 'unexpected';
      if (code === 'session-expired') controller.signOut('session-expired');
      else setError(code);
    } finally {
      setBusy(false);
    }
  };

  const loadBranch = () =>
    run(async () => {
      const id = branchInput.trim();
      setCounters(await client.counters(id));
      setBranchId(id);
    });

  const act = (action: CounterAction, to?: string) =>
    run(async () => {
      if (!counter) return;
      const result = await client.act(counter.counterId, action, to);
      setCounter(result.counter);
      setTicket(action === 'open' || action === 'close' ? null : result.ticket && !['done', 'no-show', 'waiting'].includes(result.ticket.state) ? result.ticket : null);
      if (action === 'call-next' && !result.ticket) setError('NO_CURRENT_TICKET');
    });

  const flag = () =>
    run(async () => {
      if (!branchId) return;
      const number = flagNumber.trim();
      setFlagged(null);
      setFlagMissing(null);
      try {
        setFlagged((await client.flag(branchId, number, flagClass)).ticket);
        setFlagNumber('');
      } catch (caught) {
        if (!(caught instanceof CounterApiError && caught.code === 'not-found')) throw caught;
        setFlagMissing(number);
      }
    });

  const services = [...new Set([...(snapshot?.waits.map((w) => w.serviceId) ?? []), ...counters.flatMap((c) => c.services)])].sort();
  const state = ticket?.state;

  return (
    <section className="console-panel" data-testid="counter-view" aria-labelledby="counter-title">
      <h1 id="counter-title" className="console-title">
        {t('counter.title')}
      </h1>
      {error && (
        <Notice tone="danger" testId="counter-error">
          {t(`counter.errors.${error}`)}
        </Notice>
      )}
      {!counter && (
        <form
          className="console-form counter-branch"
          onSubmit={(event) => {
            event.preventDefault();
            void loadBranch();
          }}
        >
          <label>
            {t('counter.branch')}
            <input data-testid="counter-branch" value={branchInput} onChange={(e) => setBranchInput(e.target.value)} required />
          </label>
          <BigButton type="submit" variant="secondary" disabled={busy} data-testid="counter-load">
            {t('counter.load')}
          </BigButton>
          {branchId && counters.length === 0 && <p className="console-muted">{t('counter.noCounters')}</p>}
          <div className="counter-choices">
            {counters.map((c) => (
              <BigButton
                key={c.counterId}
                variant="secondary"
                data-testid="counter-choice"
                disabled={busy}
                onClick={() => {
                  setCounter(c);
                  void run(async () => {
                    const opened = await client.act(c.counterId, 'open');
                    setCounter(opened.counter);
                  });
                }}
              >
                {t('counter.openCounter', { name: c.name, services: c.services.join(', ') })}
              </BigButton>
            ))}
          </div>
        </form>
      )}
      {counter && (
        <>
          <h2 className="console-subtitle" data-testid="counter-name">
            {t('counter.at', { name: counter.name })}
          </h2>
          <TicketCard ticket={ticket} />
          <div className="counter-actions">
            <BigButton data-testid="counter-call-next" disabled={busy || Boolean(ticket)} onClick={() => void act('call-next')}>
              {t('counter.actions.call-next')}
            </BigButton>
            <BigButton variant="secondary" data-testid="counter-recall" disabled={busy || state !== 'called'} onClick={() => void act('recall')}>
              {t('counter.actions.recall')}
            </BigButton>
            <BigButton variant="secondary" data-testid="counter-serve" disabled={busy || state !== 'called'} onClick={() => void act('serve')}>
              {t('counter.actions.serve')}
            </BigButton>
            <BigButton variant="secondary" data-testid="counter-finish" disabled={busy || state !== 'serving'} onClick={() => void act('finish')}>
              {t('counter.actions.finish')}
            </BigButton>
            <BigButton variant="secondary" data-testid="counter-no-show" disabled={busy || state !== 'called'} onClick={() => void act('no-show')}>
              {t('counter.actions.no-show')}
            </BigButton>
          </div>
          <div className="counter-transfer">
            <label>
              {t('counter.transferTo')}
              <select data-testid="counter-transfer-to" value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
                <option value="">—</option>
                {services
                  .filter((s) => s !== ticket?.serviceId)
                  .map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
              </select>
            </label>
            <BigButton variant="secondary" data-testid="counter-transfer" disabled={busy || !ticket || !transferTo} onClick={() => void act('transfer', transferTo)}>
              {t('counter.actions.transfer')}
            </BigButton>
            <BigButton variant="quiet" data-testid="counter-close" disabled={busy || Boolean(ticket)} onClick={() => void act('close').then(() => setCounter(null))}>
              {t('counter.actions.close')}
            </BigButton>
          </div>
        </>
      )}
      {branchId && (
        <form
          className="console-form counter-flag"
          onSubmit={(event) => {
            event.preventDefault();
            void flag();
          }}
        >
          <h2 className="console-subtitle">{t('counter.flag.title')}</h2>
          <label>
            {t('counter.flag.number')}
            <input data-testid="counter-flag-number" value={flagNumber} onChange={(e) => setFlagNumber(e.target.value)} required maxLength={16} />
          </label>
          <label>
            {t('counter.flag.class')}
            <select data-testid="counter-flag-class" value={flagClass} onChange={(e) => setFlagClass(e.target.value as ServiceClass)}>
              {(['vip', 'priority-assist', 'regular'] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`counter.classes.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <BigButton type="submit" variant="secondary" disabled={busy} data-testid="counter-flag-submit">
            {t('counter.flag.submit')}
          </BigButton>
          {flagMissing !== null && (
            <Notice tone="warning" testId="counter-flag-missing">
              {t('counter.flag.missing', { number: flagMissing })}
            </Notice>
          )}
          {flagged && (
            <p className="console-muted" role="status" data-testid="counter-flagged">
              {t('counter.flag.done', { number: flagged.number, class: t(`counter.classes.${flagged.serviceClass}`) })}
            </p>
          )}
        </form>
      )}
      {snapshot && (
        <>
          <h2 className="console-subtitle">{t('counter.waiting')}</h2>
          <table className="console-table" data-testid="counter-waits">
            <thead>
              <tr>
                <th>{t('counter.service')}</th>
                <th>{t('counter.waitingCount')}</th>
                <th>{t('counter.openCounters')}</th>
                <th>{t('counter.estimate')}</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.waits.map((w) => (
                <tr key={w.serviceId} data-testid="counter-wait-row" data-service={w.serviceId}>
                  <td>{w.serviceId}</td>
                  <td data-testid="counter-wait-count">{w.waiting}</td>
                  <td>{w.openCounters}</td>
                  <td>{estimateWords(t, w.estimatedWaitSec)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="console-subtitle">{t('counter.lastCalls')}</h2>
          <ul className="console-list" data-testid="counter-last-calls">
            {snapshot.lastCalls.map((call) => (
              <li key={call.seq}>{t('counter.callLine', { number: call.number, counter: call.counterName, at: clockTime(call.at, locale) })}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
