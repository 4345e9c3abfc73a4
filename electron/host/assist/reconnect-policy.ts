// When to try the signaling socket again after it dropped (after LiveKit's injected
// ReconnectPolicy). The hub keeps the kiosk's place for its grace period (30 s by default),
// so the default policy tries quickly at first and gives up in time for the kiosk to tell the
// customer, rather than reconnecting into a call the hub has already ended.

export interface ReconnectContext {
  /** Attempts made so far in this outage (0 before the first). */
  retryCount: number;
  /** Milliseconds since the socket dropped. */
  elapsedMs: number;
}

export interface ReconnectPolicy {
  /** Delay before the next attempt, or null to give up. */
  nextRetryDelayMs(context: ReconnectContext): number | null;
}

export interface GracePolicyOptions {
  /** The hub's grace period (HUB_ASSIST_GRACE_SEC). */
  graceMs?: number;
  /** Stop this long before the grace ends: a late success would find the call gone. */
  marginMs?: number;
  delaysMs?: readonly number[];
  random?: () => number;
}

const DEFAULT_DELAYS = [0, 300, 1_000, 2_000, 3_000, 5_000] as const;

export function graceReconnectPolicy(opts: GracePolicyOptions = {}): ReconnectPolicy {
  const graceMs = opts.graceMs ?? 30_000;
  const marginMs = opts.marginMs ?? 2_000;
  const delays = opts.delaysMs ?? DEFAULT_DELAYS;
  const random = opts.random ?? Math.random;
  return {
    nextRetryDelayMs({ retryCount, elapsedMs }) {
      const base = delays[Math.min(retryCount, delays.length - 1)] ?? 0;
      // ±20 % jitter, so kiosks dropped by one hub restart do not all knock at once.
      const delay = Math.round(base * (0.8 + 0.4 * random()));
      return elapsedMs + delay <= graceMs - marginMs ? delay : null;
    },
  };
}
