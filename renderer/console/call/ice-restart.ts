// When the expert — the initiator, who owns offers — restarts ICE.
//
// "Disconnected" here is either the browser's ICE state (`disconnected`/`failed`) or media
// that stopped arriving (StallDetector). The second matters: Chromium reports `disconnected`
// only after ~6 s without packets (measured on loopback), so a 2 s flap would never be seen.
//
// A restart follows `delayMs` (2–3 s) after a disconnect is declared, even if media came
// back by itself meanwhile: the wait lets the network settle (Wi-Fi roam, DHCP) so that the
// new candidates describe the network as it is now, and a path that changed under a flap
// (new address, expired TURN allocation) is only found by re-gathering. It costs one
// offer/answer; media keeps flowing on the old pair until the new one is chosen. While still
// disconnected, it retries every `retryMs`, up to `maxAttempts`, then gives up.
export interface IceRestartOptions {
  restart(attempt: number): void;
  giveUp(): void;
  delayMs?: number;
  retryMs?: number;
  maxAttempts?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const ICE_RESTART_DELAY_MS = 2500;
const DEFAULT_RETRY_MS = 5000;
const DEFAULT_MAX_ATTEMPTS = 4;

export class IceRestartPolicy {
  private timer: unknown = null;
  private attempts = 0;
  private total = 0;
  private iceBad = false;
  private stalled = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: IceRestartOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => globalThis.clearTimeout(handle as number));
  }

  /** Restarts done during this call, for the console and tests. */
  get restarts(): number {
    return this.total;
  }

  get disconnected(): boolean {
    return this.iceBad || this.stalled;
  }

  onIceState(state: RTCIceConnectionState): void {
    this.update(() => (this.iceBad = state === 'disconnected' || state === 'failed'));
  }

  onMediaStalled(stalled: boolean): void {
    this.update(() => (this.stalled = stalled));
  }

  /** The other side asked for a re-offer, or came back after a signaling outage. */
  nudge(): void {
    if (!this.disconnected) return;
    this.cancel();
    this.fire();
  }

  stop(): void {
    this.cancel();
  }

  private update(change: () => void): void {
    const was = this.disconnected;
    change();
    if (!was && this.disconnected && this.timer === null) {
      this.schedule(this.options.delayMs ?? ICE_RESTART_DELAY_MS);
    } else if (was && !this.disconnected) {
      this.attempts = 0;
    }
  }

  private schedule(ms: number): void {
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.fire();
    }, ms);
  }

  private fire(): void {
    if (this.attempts >= (this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
      this.options.giveUp();
      return;
    }
    this.attempts += 1;
    this.total += 1;
    this.options.restart(this.total);
    // Still down when this attempt should have healed it: try again. Healed: nothing to do.
    this.timer = this.setTimer(() => {
      this.timer = null;
      if (this.disconnected) this.fire();
    }, this.options.retryMs ?? DEFAULT_RETRY_MS);
  }

  private cancel(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }
}

/**
 * Declares media stalled when the count of received RTP packets stops growing for
 * `stallMs`, having grown before (a call without media — chat only — never stalls).
 */
export class StallDetector {
  private last = -1;
  private changedAt = 0;
  private flowed = false;
  private stalled = false;

  constructor(private readonly stallMs = 1000) {}

  /** 'stalled' or 'flowing' when the verdict changes, otherwise null. */
  feed(packetsReceived: number, nowMs: number): 'stalled' | 'flowing' | null {
    if (packetsReceived !== this.last) {
      if (this.last >= 0 && packetsReceived > this.last) this.flowed = true;
      this.last = packetsReceived;
      this.changedAt = nowMs;
      if (!this.stalled) return null;
      this.stalled = false;
      return 'flowing';
    }
    if (this.stalled || !this.flowed || nowMs - this.changedAt < this.stallMs) return null;
    this.stalled = true;
    return 'stalled';
  }
}
