// Service analytics for supervisors and admins: ticket queues, kiosk journeys, video calls,
// customer feedback and follow-up cases as series per day, week or month, with CSV export.
// Imports only zod: hub and console share it.
import { z } from 'zod';
import { kioskIdSchema } from './hub-api.js';

export const ANALYTICS_PATHS = {
  view: '/v1/staff/analytics/:view',
  csv: '/v1/staff/analytics/:view/csv',
} as const;

export const analyticsViewSchema = z.enum(['tickets', 'journeys', 'calls', 'feedback', 'follow-ups']);
export type AnalyticsView = z.infer<typeof analyticsViewSchema>;
export const ANALYTICS_VIEWS = analyticsViewSchema.options;

export const analyticsGroupSchema = z.enum(['day', 'week', 'month']);
export type AnalyticsGroup = z.infer<typeof analyticsGroupSchema>;

export const DEFAULT_ANALYTICS_DAYS = 30;
/** Two years and a day: enough for a year-on-year look, bounded so one request stays cheap. */
export const MAX_ANALYTICS_DAYS = 731;

const isoDaySchema = z.iso.date();
const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export const analyticsParamsSchema = z.object({ view: analyticsViewSchema }).strict();

export const analyticsQuerySchema = z
  .object({
    /** First day, inclusive (the hub's analytics time zone); default: 29 days before `to`. */
    from: isoDaySchema.optional(),
    /** Last day, inclusive; default: today. */
    to: isoDaySchema.optional(),
    branchId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
    kioskId: kioskIdSchema.optional(),
    counterId: z.uuid().optional(),
    /** The view's own key: a queue service, a journey (transaction type), a call topic, a feedback service, a follow-up kind. */
    service: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i).optional(),
    group: analyticsGroupSchema.default('day'),
  })
  .strict()
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => !(q.from && q.to) || daysBetween(q.from, q.to) < MAX_ANALYTICS_DAYS, { message: `at most ${MAX_ANALYTICS_DAYS} days`, path: ['to'] })
  // A kiosk issues tickets and a counter serves them; the rollups keep each side, not both.
  .refine((q) => !(q.kioskId && q.counterId), { message: 'filter by a kiosk or by a counter, not both', path: ['counterId'] });
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

const ms = z.number().nonnegative().nullable();
const rate = z.number().min(0).max(1).nullable();
const count = z.number().int().nonnegative();

export const ticketMetricsSchema = z.object({
  issued: count,
  vip: count,
  served: count,
  noShow: count,
  /** No-shows among called tickets. */
  abandonmentRate: rate,
  waitAvgMs: ms,
  waitP50Ms: ms,
  waitP90Ms: ms,
  serviceP50Ms: ms,
  serviceP90Ms: ms,
});
export const journeyMetricsSchema = z.object({ count });
export const callMetricsSchema = z.object({
  requests: count,
  answered: count,
  abandoned: count,
  abandonmentRate: rate,
  answerP50Ms: ms,
  answerP90Ms: ms,
  slaBreaches: count,
  /** Served by the first expert, without a transfer, among answered calls. */
  firstContactRate: rate,
});
export const feedbackMetricsSchema = z.object({
  responses: count,
  promoters: count,
  passives: count,
  detractors: count,
  nps: z.number().min(-100).max(100).nullable(),
  /** Mean score 0–10. */
  satisfaction: z.number().min(0).max(10).nullable(),
});
export const followUpMetricsSchema = z.object({ opened: count, open: count, overdue: count, closed: count });

const period = { period: isoDaySchema };
const key = { key: z.string() };
function viewResponse<V extends AnalyticsView, M extends z.ZodRawShape>(view: V, metrics: z.ZodObject<M>) {
  return z.object({
    view: z.literal(view),
    from: isoDaySchema,
    to: isoDaySchema,
    group: analyticsGroupSchema,
    timeZone: z.string(),
    /** One row per day, week (starting Monday) or month with data, oldest first. */
    series: z.array(metrics.extend(period)),
    /** Totals over the whole range per key (service, journey, topic, kind), largest first. */
    byKey: z.array(metrics.extend(key)),
    total: metrics,
  });
}

export const analyticsResponseSchema = z.discriminatedUnion('view', [
  viewResponse('tickets', ticketMetricsSchema),
  viewResponse('journeys', journeyMetricsSchema),
  viewResponse('calls', callMetricsSchema),
  viewResponse('feedback', feedbackMetricsSchema),
  viewResponse('follow-ups', followUpMetricsSchema),
]);
export type AnalyticsResponse = z.infer<typeof analyticsResponseSchema>;
export type TicketMetrics = z.infer<typeof ticketMetricsSchema>;
export type JourneyMetrics = z.infer<typeof journeyMetricsSchema>;
export type CallMetrics = z.infer<typeof callMetricsSchema>;
export type FeedbackMetrics = z.infer<typeof feedbackMetricsSchema>;
export type FollowUpMetrics = z.infer<typeof followUpMetricsSchema>;

/** The metric columns of each view, in CSV and table order. */
export const ANALYTICS_METRICS = {
  tickets: Object.keys(ticketMetricsSchema.shape) as (keyof TicketMetrics)[],
  journeys: Object.keys(journeyMetricsSchema.shape) as (keyof JourneyMetrics)[],
  calls: Object.keys(callMetricsSchema.shape) as (keyof CallMetrics)[],
  feedback: Object.keys(feedbackMetricsSchema.shape) as (keyof FeedbackMetrics)[],
  'follow-ups': Object.keys(followUpMetricsSchema.shape) as (keyof FollowUpMetrics)[],
} as const;

export const analyticsPath = (view: AnalyticsView, csv = false) => (csv ? ANALYTICS_PATHS.csv : ANALYTICS_PATHS.view).replace(':view', view);
