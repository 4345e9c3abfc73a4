// Tells the hub how this kiosk is: a `health.report` after every change (changes within the
// debounce window travel together) and a heartbeat when nothing changed for a while. While the
// socket is down nothing queues up but a flag: on reconnect the hub gets the state as it is
// then, not a replay of every change it missed (the hub keeps history of what it saw).
import { FLEET_HEALTH, type HealthReport } from '../../../protocol/fleet-health.js';

export interface HealthReporterOptions {
  /** Builds the report from the host's current facts. */
  collect(): Promise<HealthReport>;
  /** False when the hub socket is not open; the report is then sent on the next linkUp(). */
  send(report: HealthReport): boolean;
  warn(fields: Record<string, unknown>, message: string): void;
  debounceMs?: number;
  heartbeatMs?: number;
}

export class HealthReporter {
  private readonly debounceMs: number;
  private readonly heartbeatMs: number;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setTimeout> | null = null;
  /** A report is being collected; changes meanwhile ask for another one after it. */
  private collecting = false;
  private again = false;
  /** The last attempt found the socket down: the next linkUp() sends at once. */
  private unsent = true;
  private closed = false;
  private started = false;
  private sentCount = 0;

  constructor(private readonly opts: HealthReporterOptions) {
    this.debounceMs = opts.debounceMs ?? FLEET_HEALTH.debounceMs;
    this.heartbeatMs = opts.heartbeatMs ?? FLEET_HEALTH.heartbeatSec * 1000;
  }

  /** Reports delivered to an open socket (diagnostics and tests). */
  get sent(): number {
    return this.sentCount;
  }

  /** Sends the first report (when the socket is up) and starts the heartbeat. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.report();
  }

  /** Something the report carries changed: report it after the debounce window. */
  changed(): void {
    if (this.closed || !this.started || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.report();
    }, this.debounceMs);
  }

  /** The hub socket (re)opened: the hub learns the current state now if it missed any. */
  linkUp(): void {
    if (this.closed || !this.started) return;
    if (this.unsent) void this.report();
  }

  close(): void {
    this.closed = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.debounce = this.heartbeat = null;
  }

  private async report(): Promise<void> {
    if (this.closed) return;
    if (this.collecting) {
      this.again = true;
      return;
    }
    this.collecting = true;
    try {
      const report = await this.opts.collect();
      if (this.closed) return;
      const delivered = this.opts.send(report);
      this.unsent = !delivered;
      if (delivered) this.sentCount += 1;
    } catch (err) {
      this.unsent = true;
      this.opts.warn({ err: (err as Error).message }, 'fleet: health report not built');
    } finally {
      this.collecting = false;
    }
    this.armHeartbeat();
    if (this.again) {
      this.again = false;
      void this.report();
    }
  }

  // Any report restarts the heartbeat: the hub hears from us at least every heartbeatMs.
  private armHeartbeat(): void {
    if (this.closed) return;
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.heartbeat = setTimeout(() => {
      this.heartbeat = null;
      void this.report();
    }, this.heartbeatMs);
  }
}
