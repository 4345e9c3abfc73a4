// Bringing the page back after the renderer dies or hangs. A kiosk has nobody to click
// "reload", but a page that crashes on load must not be reloaded in a tight loop either:
// the delay doubles per attempt (1 s, 2 s, 4 s … 60 s) and falls back to 1 s once the
// page has stayed up for five minutes. Every failure is logged as an incident.

export interface TimersLike {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IncidentLogger {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface CrashRecoveryOptions {
  /** Brings the page back; called once per scheduled attempt. */
  reload: () => void;
  log: IncidentLogger;
  now: () => number;
  timers: TimersLike;
  baseDelayMs?: number;
  maxDelayMs?: number;
  stableAfterMs?: number;
}

export type FailureKind = 'render-process-gone' | 'unresponsive' | 'did-fail-load';

export class CrashRecovery {
  private attempt = 0;
  private lastReloadAt: number | null = null;
  private pending: { handle: unknown; kind: FailureKind } | null = null;
  private disposed = false;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly stableAfterMs: number;

  constructor(private readonly opts: CrashRecoveryOptions) {
    this.baseDelayMs = opts.baseDelayMs ?? 1_000;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
    this.stableAfterMs = opts.stableAfterMs ?? 5 * 60_000;
  }

  /** Records a failure and schedules a reload; returns the delay, or null when one is already due. */
  failure(kind: FailureKind, detail: Record<string, unknown> = {}): number | null {
    if (this.disposed) return null;
    const now = this.opts.now();
    if (this.lastReloadAt !== null && now - this.lastReloadAt >= this.stableAfterMs) this.attempt = 0;
    if (this.pending) {
      // A hang is often followed by the crash it announced; one reload covers both.
      this.opts.log.error({ incident: kind, ...detail, reloadPending: true }, 'shell: renderer failure while a reload is pending');
      return null;
    }
    const delayMs = Math.min(this.baseDelayMs * 2 ** this.attempt, this.maxDelayMs);
    this.attempt += 1;
    this.opts.log.error({ incident: kind, ...detail, attempt: this.attempt, delayMs }, 'shell: renderer failed; reloading the kiosk page');
    const handle = this.opts.timers.setTimeout(() => {
      this.pending = null;
      this.lastReloadAt = this.opts.now();
      this.opts.reload();
    }, delayMs);
    this.pending = { handle, kind };
    return delayMs;
  }

  /** The page answered again: a reload scheduled only because it hung is no longer needed. */
  responsive(): void {
    if (this.pending?.kind !== 'unresponsive') return;
    this.opts.timers.clearTimeout(this.pending.handle);
    this.pending = null;
    this.opts.log.info({ incident: 'unresponsive' }, 'shell: renderer recovered; reload cancelled');
  }

  get attempts(): number {
    return this.attempt;
  }

  get reloadPending(): boolean {
    return this.pending !== null;
  }

  /** Stops any pending reload; used on quit so a dying window is not reloaded. */
  dispose(): void {
    this.disposed = true;
    if (this.pending) this.opts.timers.clearTimeout(this.pending.handle);
    this.pending = null;
  }
}
