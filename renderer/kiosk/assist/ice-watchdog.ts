// The kiosk's side of ICE recovery. A brief loss heals by itself, so nothing happens for
// `restartAfterMs` (2–3 s) after `disconnected`; then — without waiting for `failed`, which
// takes ~30 s and makes simple-peer destroy the peer — the kiosk asks the expert (the
// initiator, who owns offers) for an ICE-restart offer. Each attempt gets `recoverWithinMs`;
// after `maxRestarts` the call is given up as media-failed.
export interface IcePolicy {
  restartAfterMs: number;
  recoverWithinMs: number;
  maxRestarts: number;
}

export const DEFAULT_ICE_POLICY: IcePolicy = { restartAfterMs: 2_500, recoverWithinMs: 8_000, maxRestarts: 3 };

export interface IceActions {
  restart(attempt: number): void;
  giveUp(): void;
}

export class IceWatchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private restarts = 0;
  private healthy = false;

  constructor(
    private readonly policy: IcePolicy,
    private readonly actions: IceActions,
  ) {}

  /** Restarts since the connection was last healthy. */
  get attempts(): number {
    return this.restarts;
  }

  onState(state: RTCIceConnectionState): void {
    if (state === 'connected' || state === 'completed') {
      this.healthy = true;
      this.restarts = 0;
      this.clear();
    } else if ((state === 'disconnected' || state === 'failed') && this.timer === null) {
      this.healthy = false;
      this.arm(this.policy.restartAfterMs);
    }
  }

  stop(): void {
    this.clear();
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fire();
    }, delayMs);
  }

  private fire(): void {
    if (this.healthy) return;
    if (this.restarts >= this.policy.maxRestarts) return this.actions.giveUp();
    this.restarts += 1;
    this.actions.restart(this.restarts);
    this.arm(this.policy.recoverWithinMs);
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
