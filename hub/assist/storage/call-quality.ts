// Call-quality samples from the expert console, kept as running sums per call: enough for
// averages, worst values and the last resolution, without a row per sample.
import type { Queryable } from '../../storage/queryable.js';
import { toSafeInteger } from '../../storage/row-values.js';
import type { QualitySample, QualitySummary } from '../../../protocol/staff-api.js';

interface BatchSums {
  samples: number;
  rttSum: number;
  rttMax: number;
  jitterSum: number;
  jitterMax: number;
  lossSum: number;
  lossMax: number;
  videoSamples: number;
  fpsSum: number;
  fpsMin: number | null;
  minHeight: number | null;
  last: QualitySample;
  firstAt: string;
}

function minOrNull(a: number | null, b: number | undefined): number | null {
  if (b === undefined) return a;
  return a === null ? b : Math.min(a, b);
}

export function sumSamples(samples: readonly QualitySample[]): BatchSums {
  const sorted = [...samples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) throw new Error('sumSamples needs at least one sample');
  const sums: BatchSums = {
    samples: 0, rttSum: 0, rttMax: 0, jitterSum: 0, jitterMax: 0, lossSum: 0, lossMax: 0,
    videoSamples: 0, fpsSum: 0, fpsMin: null, minHeight: null, last, firstAt: first.at,
  };
  for (const s of sorted) {
    sums.samples += 1;
    sums.rttSum += s.rttMs;
    sums.rttMax = Math.max(sums.rttMax, s.rttMs);
    sums.jitterSum += s.jitterMs;
    sums.jitterMax = Math.max(sums.jitterMax, s.jitterMs);
    sums.lossSum += s.packetLossPct;
    sums.lossMax = Math.max(sums.lossMax, s.packetLossPct);
    if (s.fps !== undefined) {
      sums.videoSamples += 1;
      sums.fpsSum += s.fps;
    }
    sums.fpsMin = minOrNull(sums.fpsMin, s.fps);
    sums.minHeight = minOrNull(sums.minHeight, s.height);
  }
  return sums;
}

export async function addQualitySamples(db: Queryable, sessionId: string, samples: readonly QualitySample[]): Promise<void> {
  const s = sumSamples(samples);
  await db.query(
    `INSERT INTO assist_call_quality AS q (session_id, samples, rtt_sum_ms, rtt_max_ms, jitter_sum_ms, jitter_max_ms,
       loss_sum_pct, loss_max_pct, video_samples, fps_sum, fps_min, min_height, last_width, last_height, first_at, last_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::timestamptz, $16::timestamptz)
     ON CONFLICT (session_id) DO UPDATE SET
       samples = q.samples + EXCLUDED.samples,
       rtt_sum_ms = q.rtt_sum_ms + EXCLUDED.rtt_sum_ms, rtt_max_ms = GREATEST(q.rtt_max_ms, EXCLUDED.rtt_max_ms),
       jitter_sum_ms = q.jitter_sum_ms + EXCLUDED.jitter_sum_ms, jitter_max_ms = GREATEST(q.jitter_max_ms, EXCLUDED.jitter_max_ms),
       loss_sum_pct = q.loss_sum_pct + EXCLUDED.loss_sum_pct, loss_max_pct = GREATEST(q.loss_max_pct, EXCLUDED.loss_max_pct),
       video_samples = q.video_samples + EXCLUDED.video_samples, fps_sum = q.fps_sum + EXCLUDED.fps_sum,
       fps_min = LEAST(q.fps_min, EXCLUDED.fps_min), min_height = LEAST(q.min_height, EXCLUDED.min_height),
       last_width = CASE WHEN EXCLUDED.last_at >= q.last_at THEN COALESCE(EXCLUDED.last_width, q.last_width) ELSE q.last_width END,
       last_height = CASE WHEN EXCLUDED.last_at >= q.last_at THEN COALESCE(EXCLUDED.last_height, q.last_height) ELSE q.last_height END,
       first_at = LEAST(q.first_at, EXCLUDED.first_at), last_at = GREATEST(q.last_at, EXCLUDED.last_at)`,
    [
      sessionId, s.samples, s.rttSum, s.rttMax, s.jitterSum, s.jitterMax, s.lossSum, s.lossMax, s.videoSamples, s.fpsSum,
      s.fpsMin, s.minHeight, s.last.width ?? null, s.last.height ?? null, s.firstAt, s.last.at,
    ],
  );
}

interface QualityRow {
  samples: unknown;
  rtt_sum_ms: number;
  rtt_max_ms: number;
  jitter_sum_ms: number;
  jitter_max_ms: number;
  loss_sum_pct: number;
  loss_max_pct: number;
  video_samples: unknown;
  fps_sum: number;
  fps_min: number | null;
  min_height: number | null;
  last_width: number | null;
  last_height: number | null;
}

const round = (value: number) => Math.round(value * 100) / 100;

export async function qualitySummary(db: Queryable, sessionId: string): Promise<QualitySummary | null> {
  const { rows } = await db.query<QualityRow>('SELECT * FROM assist_call_quality WHERE session_id = $1', [sessionId]);
  const row = rows[0];
  if (!row) return null;
  const n = toSafeInteger(row.samples);
  const videoN = toSafeInteger(row.video_samples);
  return {
    samples: n,
    rttAvgMs: round(Number(row.rtt_sum_ms) / n),
    rttMaxMs: Number(row.rtt_max_ms),
    jitterAvgMs: round(Number(row.jitter_sum_ms) / n),
    jitterMaxMs: Number(row.jitter_max_ms),
    lossAvgPct: round(Number(row.loss_sum_pct) / n),
    lossMaxPct: Number(row.loss_max_pct),
    fpsAvg: videoN > 0 ? round(Number(row.fps_sum) / videoN) : null,
    fpsMin: row.fps_min === null ? null : Number(row.fps_min),
    minHeight: row.min_height,
    lastResolution: row.last_width !== null && row.last_height !== null ? `${row.last_width}x${row.last_height}` : null,
  };
}
