// How the driver knows a job is over. A printer answers GS r 1 only after printing everything
// sent before it, so that reply means "done". Meanwhile DLE EOT (answered at once, even by a
// stopped printer) is polled, so a paper-out or open cover mid-job is seen within jobPollMs
// instead of after the job timeout.
import { PrinterError, type PrinterStatus, type PrintResult } from '../device-classes.js';
import { refusalFor } from './health.js';
import type { ReplyRouter } from './replies.js';

type InterruptCode = Extract<PrintResult, { printed: false }>['code'];

export type JobOutcome = { status: PrinterStatus } | { code: InterruptCode; message: string; status: PrinterStatus | null };

export interface JobWait {
  replies: ReplyRouter;
  readStatus: () => Promise<PrinterStatus>;
  jobTimeoutMs: number;
  jobPollMs: number;
  onFailure: (err: unknown) => void;
}

/** One real-time check right after sending: for printers that ignore GS r. */
export async function checkAfterJob(readStatus: () => Promise<PrinterStatus>): Promise<JobOutcome> {
  const status = await readStatus();
  const refusal = refusalFor(status);
  return refusal ? { code: refusal.code as InterruptCode, message: `job interrupted: ${refusal.message}`, status } : { status };
}

export async function waitForJobEnd(w: JobWait): Promise<JobOutcome> {
  const abort = new AbortController();
  const done = w.replies.next('transmitted', w.jobTimeoutMs, abort.signal).then(
    () => 'done' as const,
    (err: unknown) => err,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    for (;;) {
      const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), w.jobPollMs)));
      const first = await Promise.race([done, tick]);
      clearTimeout(timer);
      if (first === 'done') return { status: await w.readStatus() };
      if (first instanceof PrinterError && first.code === 'OFFLINE') return { code: 'OFFLINE', message: first.message, status: null };
      const outcome = await checkAfterJob(w.readStatus);
      if ('code' in outcome) return outcome;
      if (first !== 'tick') return { code: 'TIMEOUT', message: `job not finished within ${w.jobTimeoutMs} ms`, status: outcome.status };
    }
  } catch (err) {
    w.onFailure(err);
    const code = err instanceof PrinterError ? (err.code as InterruptCode) : 'IO';
    return { code, message: err instanceof Error ? err.message : String(err), status: null };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
