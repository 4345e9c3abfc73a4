// The customer-voice report for the bank's service-improvement meeting: feedback counted by
// month × category (the reason chosen) × service, with NPS per group, as JSON or CSV.
// Months are UTC calendar months, the same on every hub instance whatever its time zone.
import { netPromoterScore } from '../../protocol/customer-feedback.js';
import { toCsv } from '../../protocol/csv.js';
import { voiceReportRowSchema, type VoiceReportQuery, type VoiceReportRow } from '../../protocol/follow-ups.js';
import type { Queryable } from '../storage/queryable.js';
import { toSafeInteger } from '../storage/row-values.js';

interface ReportDbRow {
  month: string;
  category: string;
  service: string;
  count: unknown;
  promoters: unknown;
  passives: unknown;
  detractors: unknown;
}

/** First instant of a `YYYY-MM` month, and of the month after `to`. */
const monthStart = (month: string) => `${month}-01T00:00:00Z`;
function monthAfter(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
}

export async function voiceReport(db: Queryable, { from, to }: VoiceReportQuery): Promise<VoiceReportRow[]> {
  const params: unknown[] = [];
  const filters: string[] = [];
  if (from) filters.push(`given_at >= $${params.push(monthStart(from))}::timestamptz`);
  if (to) filters.push(`given_at < $${params.push(monthStart(monthAfter(to)))}::timestamptz`);
  const { rows } = await db.query<ReportDbRow>(
    `SELECT to_char(given_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, COALESCE(reason, 'none') AS category, service,
            count(*) AS count,
            count(*) FILTER (WHERE score >= 9) AS promoters,
            count(*) FILTER (WHERE score BETWEEN 7 AND 8) AS passives,
            count(*) FILTER (WHERE score <= 6) AS detractors
     FROM customer_feedback ${filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : ''}
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    params,
  );
  return rows.map((row) => {
    const counts = { promoters: toSafeInteger(row.promoters), passives: toSafeInteger(row.passives), detractors: toSafeInteger(row.detractors) };
    return voiceReportRowSchema.parse({ month: row.month, category: row.category, service: row.service, count: toSafeInteger(row.count), ...counts, nps: netPromoterScore(counts) });
  });
}

export const VOICE_REPORT_CSV_HEADER = ['month', 'category', 'service', 'responses', 'promoters', 'passives', 'detractors', 'nps'] as const;

export function voiceReportCsv(rows: readonly VoiceReportRow[]): string {
  return toCsv(
    VOICE_REPORT_CSV_HEADER,
    rows.map((r) => [r.month, r.category, r.service, r.count, r.promoters, r.passives, r.detractors, r.nps]),
  );
}
