// Durations (waits, service times, call answer times) are kept in the daily rollups as
// 32-bucket histograms, so percentiles over any range are a sum of arrays rather than a sort of
// raw rows. Bucket 1 is [0, 5 s); bucket k (2…31) is [5 s·1.25^(k-2), 5 s·1.25^(k-1)); bucket 32
// is everything from 5 s·1.25^30 ≈ 67 min up. A percentile is interpolated linearly inside its
// bucket, so above 5 s it is off by at most one bucket width (25 % of its value, typically
// far less), below 5 s by at most 5 s, and in the open last bucket it reads as its lower edge.
// analytics_bucket() in the migration is the SQL side of the same edges.
export const HISTOGRAM_BUCKETS = 32;
export const FIRST_EDGE_MS = 5000;
export const BUCKET_RATIO = 1.25;

/** Lower edge of 1-based bucket `index`, in milliseconds. */
export function bucketLowerMs(index: number): number {
  return index <= 1 ? 0 : FIRST_EDGE_MS * BUCKET_RATIO ** (index - 2);
}

/** Upper edge of 1-based bucket `index` (the last bucket has none: its lower edge). */
export function bucketUpperMs(index: number): number {
  return index >= HISTOGRAM_BUCKETS ? bucketLowerMs(index) : FIRST_EDGE_MS * BUCKET_RATIO ** (index - 1);
}

/** The 1-based bucket of a duration, as analytics_bucket() computes it. */
export function bucketOf(durationMs: number): number {
  if (durationMs < FIRST_EDGE_MS) return 1;
  return Math.min(HISTOGRAM_BUCKETS, 2 + Math.floor(Math.log(durationMs / FIRST_EDGE_MS) / Math.log(BUCKET_RATIO)));
}

export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/** The q-quantile (0 < q < 1) in milliseconds, rounded to the millisecond; null for no samples. */
export function percentileMs(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < HISTOGRAM_BUCKETS; i += 1) {
    const n = histogram[i] ?? 0;
    if (n > 0 && below + n >= rank) {
      const index = i + 1;
      const lower = bucketLowerMs(index);
      const upper = bucketUpperMs(index);
      return Math.round(lower + ((rank - below) / n) * (upper - lower));
    }
    below += n;
  }
  return Math.round(bucketLowerMs(HISTOGRAM_BUCKETS));
}
