// Whether this kiosk should take an offer from the feed. The hub already chose it, but the
// kiosk checks the terms itself: a hub bug or a stale cache must not update a branch that was
// never in the rollout, nor re-offer a release this kiosk rolled back.
import { kioskInRollout } from '../../../../protocol/rollout-eligibility.js';
import type { UpdateOffer } from '../../../../protocol/software-updates.js';

export interface KioskIdentity {
  kioskId: string;
  branchId: string | null;
}

export type Eligibility = { eligible: true } | { eligible: false; why: 'paused' | 'not-started' | 'not-targeted' | 'already-running' | 'rejected-before' };

export function offerEligibility(offer: UpdateOffer, kiosk: KioskIdentity, context: { now: number; currentVersion: string; rejected: readonly string[] }): Eligibility {
  const { release, rollout } = offer;
  if (release.version === context.currentVersion) return { eligible: false, why: 'already-running' };
  // A release that crash-looped, failed its health check or failed verification here is not tried again.
  if (context.rejected.includes(release.version)) return { eligible: false, why: 'rejected-before' };
  if (rollout.paused) return { eligible: false, why: 'paused' };
  if (Date.parse(rollout.startsAt) > context.now) return { eligible: false, why: 'not-started' };
  if (!kioskInRollout(rollout, kiosk)) return { eligible: false, why: 'not-targeted' };
  return { eligible: true };
}
