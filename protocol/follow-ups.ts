// Follow-up cases: the closed loop behind customer feedback (a score ≤ 6) and call-back
// requests. Staff list them, take one, note what they did and move it open → contacted →
// closed; each case has a contact deadline (SLA) and is breached once that passes without
// contact. Also the customer-voice report. Imports only zod: hub and console share it.
import { z } from 'zod';
import { staffIdSchema } from './assist-values.js';
import { feedbackJourneySchema, feedbackReasonSchema, npsScoreSchema } from './customer-feedback.js';

export const FOLLOW_UP_PATHS = {
  list: '/v1/staff/follow-ups',
  detail: '/v1/staff/follow-ups/:caseId',
  take: '/v1/staff/follow-ups/:caseId/take',
  notes: '/v1/staff/follow-ups/:caseId/notes',
  status: '/v1/staff/follow-ups/:caseId/status',
  report: '/v1/staff/customer-voice',
  reportCsv: '/v1/staff/customer-voice.csv',
} as const;

export const followUpKindSchema = z.enum(['detractor', 'call-back']);
export type FollowUpKind = z.infer<typeof followUpKindSchema>;

export const followUpStatusSchema = z.enum(['open', 'contacted', 'closed']);
export type FollowUpStatus = z.infer<typeof followUpStatusSchema>;

/** Which moves a case may make; closing straight from open is allowed (e.g. unreachable). */
export const FOLLOW_UP_MOVES: Record<FollowUpStatus, readonly FollowUpStatus[]> = {
  open: ['contacted', 'closed'],
  contacted: ['closed'],
  closed: [],
};

export const followUpResolutionSchema = z.enum(['resolved', 'unreachable', 'no-action-needed', 'referred']);
export type FollowUpResolution = z.infer<typeof followUpResolutionSchema>;

export const followUpNoteSchema = z.object({
  noteId: z.number().int().positive(),
  staffId: staffIdSchema,
  staffName: z.string(),
  text: z.string(),
  at: z.iso.datetime(),
});
export type FollowUpNote = z.infer<typeof followUpNoteSchema>;

export const followUpCaseSchema = z.object({
  caseId: z.uuid(),
  kind: followUpKindSchema,
  kioskId: z.string(),
  branchId: z.string().nullable(),
  openedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  status: followUpStatusSchema,
  /** True once the contact deadline passed before the customer was contacted. */
  breached: z.boolean(),
  owner: z.object({ staffId: staffIdSchema, name: z.string() }).nullable(),
  score: npsScoreSchema.nullable(),
  reason: feedbackReasonSchema.nullable(),
  comment: z.string().nullable(),
  journey: feedbackJourneySchema.nullable(),
  service: z.string().nullable(),
  /** Ticket number, call session or call-back reference. */
  reference: z.string().nullable(),
  /** Always masked in lists; in full only in the detail, for the case's owner. */
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  contactedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  resolution: followUpResolutionSchema.nullable(),
});
export type FollowUpCase = z.infer<typeof followUpCaseSchema>;

export const followUpDetailSchema = followUpCaseSchema.extend({ notes: z.array(followUpNoteSchema) });
export type FollowUpDetail = z.infer<typeof followUpDetailSchema>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const followUpListQuerySchema = z
  .object({
    status: followUpStatusSchema.optional(),
    breached: booleanQuery.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();
export type FollowUpListQuery = z.infer<typeof followUpListQuerySchema>;

export const followUpListResponseSchema = z.object({ cases: z.array(followUpCaseSchema) });
export type FollowUpListResponse = z.infer<typeof followUpListResponseSchema>;

export const followUpCaseParamsSchema = z.object({ caseId: z.uuid() }).strict();

export const followUpNoteRequestSchema = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

export const followUpStatusRequestSchema = z
  .object({ status: followUpStatusSchema.exclude(['open']), resolution: followUpResolutionSchema.optional() })
  .strict()
  .refine((body) => body.status !== 'closed' || body.resolution !== undefined, { message: 'closing a case needs a resolution', path: ['resolution'] });
export type FollowUpStatusRequest = z.infer<typeof followUpStatusRequestSchema>;

export const followUpErrorSchema = z.object({ code: z.string(), message: z.string() });

// Customer-voice report: feedback grouped by month × category (the reason) × service.
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const voiceReportQuerySchema = z
  .object({ from: monthSchema.optional(), to: monthSchema.optional() })
  .strict();
export type VoiceReportQuery = z.infer<typeof voiceReportQuerySchema>;

export const voiceReportRowSchema = z.object({
  month: monthSchema,
  /** The reason the customer chose, or `none`. */
  category: z.union([feedbackReasonSchema, z.literal('none')]),
  service: z.string(),
  count: z.number().int().nonnegative(),
  promoters: z.number().int().nonnegative(),
  passives: z.number().int().nonnegative(),
  detractors: z.number().int().nonnegative(),
  nps: z.number().nullable(),
});
export type VoiceReportRow = z.infer<typeof voiceReportRowSchema>;

export const voiceReportResponseSchema = z.object({ rows: z.array(voiceReportRowSchema) });
export type VoiceReportResponse = z.infer<typeof voiceReportResponseSchema>;
