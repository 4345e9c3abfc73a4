// Samples call quality every `sampleMs` for the live panel and sends the samples gathered
// to the hub every `postMs` (POST /v1/assist/sessions/:id/quality). A failed post keeps its
// samples for the next one (up to the route's 120), so a hub blip loses nothing.
import type { QualitySample } from '../../../protocol/staff-api.js';
import { readQuality, statsEntries, type InboundCounters, type QualityReading } from './quality.js';

export interface QualityReporterOptions {
  connection: () => RTCPeerConnection | null;
  post(samples: QualitySample[]): Promise<void>;
  onReading(reading: QualityReading): void;
  /** A post failed for a reason retrying cannot fix (the session ended). */
  onFatal(error: unknown): void;
  isFatal(error: unknown): boolean;
  sampleMs?: number;
  postMs?: number;
}

const MAX_BATCH = 120;

export class QualityReporter {
  private previous: InboundCounters | null = null;
  private pending: QualitySample[] = [];
  private lastPostAt = Date.now();
  private timer: ReturnType<typeof setInterval> | null = null;
  private posting = false;

  constructor(private readonly options: QualityReporterOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.options.sampleMs ?? 2000);
  }

  /** Stops sampling and sends what is left (the last seconds of the call count too). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async tick(): Promise<void> {
    const pc = this.options.connection();
    if (!pc || pc.connectionState === 'closed') return;
    try {
      const reading = readQuality(await statsEntries(pc), this.previous, Date.now());
      this.previous = reading.counters;
      // Before media flows there is nothing to judge; such samples would skew the averages.
      if (reading.counters.packetsReceived > 0) this.pending.push(reading.sample);
      this.options.onReading(reading);
    } catch {
      return; // a closed connection mid-read; the next tick or stop() settles it
    }
    if (Date.now() - this.lastPostAt >= (this.options.postMs ?? 10_000)) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.posting || this.pending.length === 0) return;
    this.posting = true;
    const batch = this.pending.slice(-MAX_BATCH);
    this.pending = [];
    this.lastPostAt = Date.now();
    try {
      await this.options.post(batch);
    } catch (error) {
      if (this.options.isFatal(error)) this.options.onFatal(error);
      else this.pending = [...batch, ...this.pending].slice(-MAX_BATCH);
    } finally {
      this.posting = false;
    }
  }
}
