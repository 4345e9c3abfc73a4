// Which kiosks a rollout reaches. Both ends use this one function: the hub to choose what its
// feed offers, the kiosk to check an offer before it downloads anything. Imports nothing.

/** Buckets per percent point; 10,000 buckets make 1 % of 500 kiosks land near 5, not 0 or 10. */
const BUCKETS = 10_000;

/**
 * A kiosk's place in a rollout, 0 ≤ bucket < 10,000: FNV-1a of rollout id and kiosk id. The
 * rollout id in the hash spreads the first kiosks differently for each release (not always the
 * same canaries), while within one rollout a kiosk keeps its bucket, so widening from 10 % to
 * 30 % keeps every kiosk of the first 10 % in.
 */
export function rolloutBucket(rolloutId: string, kioskId: string): number {
  let hash = 0x811c9dc5;
  const text = `${rolloutId}\u0000${kioskId}`;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % BUCKETS;
}

export interface RolloutReach {
  rolloutId: string;
  target: { branches: readonly string[]; percentage: number };
}

export function kioskInRollout(rollout: RolloutReach, kiosk: { kioskId: string; branchId: string | null }): boolean {
  if (kiosk.branchId !== null && rollout.target.branches.includes(kiosk.branchId)) return true;
  return rolloutBucket(rollout.rolloutId, kiosk.kioskId) < rollout.target.percentage * (BUCKETS / 100);
}
