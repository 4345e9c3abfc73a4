// PIN + TOTP attempt policy: five wrong sign-ins lock service mode, for 1 min the first time
// and twice as long each time after (up to an hour) until a sign-in succeeds. Pure: the state
// is stored by the caller (the kiosk store), so a restart does not reset the count.
export interface LockoutState {
  /** Wrong sign-ins since the last success or lockout. */
  failures: number;
  /** Lockouts since the last success; sets the next lockout's length. */
  lockouts: number;
  /** Epoch ms; null when not locked. */
  lockedUntil: number | null;
  /** The TOTP step of the last accepted code: a code is good for one sign-in only. */
  lastTotpStep: number | null;
}

export interface LockoutPolicy {
  maxFailures: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, baseLockMs: 60_000, maxLockMs: 60 * 60_000 };

export const initialLockout: LockoutState = { failures: 0, lockouts: 0, lockedUntil: null, lastTotpStep: null };

/** Milliseconds until sign-in is allowed again, or 0. */
export function lockedFor(state: LockoutState, nowMs: number): number {
  return state.lockedUntil !== null && state.lockedUntil > nowMs ? state.lockedUntil - nowMs : 0;
}

export function attemptsLeft(state: LockoutState, policy: LockoutPolicy = DEFAULT_LOCKOUT): number {
  return Math.max(0, policy.maxFailures - state.failures);
}

export function afterFailure(state: LockoutState, nowMs: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): LockoutState {
  const failures = state.failures + 1;
  if (failures < policy.maxFailures) return { ...state, failures };
  const lockouts = state.lockouts + 1;
  const lockMs = Math.min(policy.baseLockMs * 2 ** (lockouts - 1), policy.maxLockMs);
  return { ...state, failures: 0, lockouts, lockedUntil: nowMs + lockMs };
}

export function afterSuccess(state: LockoutState, totpStep: number): LockoutState {
  return { failures: 0, lockouts: 0, lockedUntil: null, lastTotpStep: Math.max(totpStep, state.lastTotpStep ?? totpStep) };
}
