// Live alert events for a console without the call socket (operations staff: the hub gives
// the socket only to those who take calls). A long poll on the hub's alert changes; each
// event goes to the fleet channel, as the socket's `fleet.alert` does for supervisors, so the
// open fleet view refreshes at once. Never a tight loop: after an answer with nothing new, at
// least `minGapMs` between calls; after one with alerts the next call goes at once (it waits at
// the hub if nothing more happened — a burst of alerts is not held back a second each);
// `retryMs` after a failure; stops when `signal` aborts or the session has ended.
import type { AlertChangesResponse, AlertNotice } from '../../../protocol/fleet-alerts.js';
import { errorCodeOf } from '../api/staff-resource.js';

export interface AlertFollowerOptions {
  changes(since: string | null, signal: AbortSignal): Promise<AlertChangesResponse>;
  emit(notice: AlertNotice): void;
  signal: AbortSignal;
  minGapMs?: number;
  retryMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

export async function followAlertChanges(opts: AlertFollowerOptions): Promise<void> {
  const { signal } = opts;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  // The first answer only sets the cursor: the view has just loaded everything before it.
  let since: string | null = null;
  while (!signal.aborted) {
    const started = now();
    try {
      const answer = await opts.changes(since, signal);
      if (signal.aborted) return;
      for (const notice of answer.notices) opts.emit(notice);
      since = answer.at;
      const gap = answer.notices.length > 0 ? 0 : (opts.minGapMs ?? 1_000) - (now() - started);
      if (gap > 0) await sleep(gap, signal);
    } catch (error) {
      // An ended session: the fleet view's own refresh signs out; nothing to follow any more.
      if (signal.aborted || errorCodeOf(error) === 'session-expired') return;
      await sleep(opts.retryMs ?? 5_000, signal);
    }
  }
}
