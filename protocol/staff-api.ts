// Staff sign-in over HTTP, shared with the expert console. Imports only zod.
//   POST /v1/staff/login  {username, password, totp} → 200 {token, expiresAt, staff}
//                         401 UNAUTHORIZED (which of the three was wrong is not said)
//                         429 RATE_LIMITED (per client address, and per username and address
//                         with backoff; Retry-After says when)
//   POST /v1/staff/logout Authorization: Bearer <token> → 204
//   GET  /v1/staff/me     Authorization: Bearer <token> → 200 {staff, expiresAt}
//   POST /v1/staff/users  admin only → 201 {staff, totpSecret, otpauthUri} (shown once)
//   GET  /v1/staff/users  admin only → 200 {users: [profile + disabled + createdAt]}
//   PATCH /v1/staff/users/:staffId {disabled} admin only → 200 {user}; disabling ends the
//                         account's sessions at once; 409 for one's own account or the last admin
//   POST /v1/staff/users/:staffId/reset-sign-in {password} admin only → 200 {staff, totpSecret,
//                         otpauthUri} (shown once); every session of the account ends
// The token is opaque; the hub stores only its SHA-256. A session ends at `expiresAt` or
// after HUB_STAFF_IDLE_SEC without use, whichever comes first.
import { z } from 'zod';
import { languageSchema, staffIdSchema, staffRoleSchema, topicSchema } from './assist-values.js';

export const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/);
/** Long passphrases are welcome; the upper bound only stops hashing megabytes. */
export const passwordSchema = z.string().min(12).max(256);
export const totpCodeSchema = z.string().regex(/^\d{6}$/);

export const staffLoginRequestSchema = z
  .object({ username: z.string().min(1).max(40), password: z.string().min(1).max(256), totp: totpCodeSchema })
  .strict();
export type StaffLoginRequest = z.infer<typeof staffLoginRequestSchema>;

export const staffProfileSchema = z.object({
  staffId: staffIdSchema,
  username: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
  languages: z.array(languageSchema),
  topics: z.array(topicSchema),
});
export type StaffProfileBody = z.infer<typeof staffProfileSchema>;

export const staffLoginResponseSchema = z.object({ token: z.string(), expiresAt: z.string(), staff: staffProfileSchema });
export type StaffLoginResponse = z.infer<typeof staffLoginResponseSchema>;

export const staffMeResponseSchema = z.object({ staff: staffProfileSchema, expiresAt: z.string() });

export const staffListingSchema = staffProfileSchema.extend({ disabled: z.boolean(), createdAt: z.string() });
export type StaffListing = z.infer<typeof staffListingSchema>;
export const staffListResponseSchema = z.object({ users: z.array(staffListingSchema) });
export const staffUserParamsSchema = z.object({ staffId: staffIdSchema }).strict();
export const updateStaffRequestSchema = z.object({ disabled: z.boolean() }).strict();
export type UpdateStaffRequest = z.infer<typeof updateStaffRequestSchema>;
export const updateStaffResponseSchema = z.object({ user: staffListingSchema });
export const resetSignInRequestSchema = z.object({ password: passwordSchema }).strict();

export const createStaffRequestSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().min(1).max(80),
    role: staffRoleSchema,
    password: passwordSchema,
    languages: z.array(languageSchema).max(2).default([]),
    topics: z.array(topicSchema).max(5).default([]),
  })
  .strict();
export type CreateStaffRequest = z.infer<typeof createStaffRequestSchema>;

export const createStaffResponseSchema = z.object({ staff: staffProfileSchema, totpSecret: z.string(), otpauthUri: z.string() });
export type CreateStaffResponse = z.infer<typeof createStaffResponseSchema>;

/** One WebRTC stats sample as the expert console reads it from getStats(). */
export const qualitySampleSchema = z
  .object({
    at: z.iso.datetime(),
    rttMs: z.number().nonnegative().max(60_000),
    jitterMs: z.number().nonnegative().max(60_000),
    packetLossPct: z.number().min(0).max(100),
    /** Video figures are absent while the call is audio-only. */
    fps: z.number().nonnegative().max(240).optional(),
    width: z.number().int().positive().max(8192).optional(),
    height: z.number().int().positive().max(8192).optional(),
  })
  .strict();
export type QualitySample = z.infer<typeof qualitySampleSchema>;

/** POST /v1/assist/sessions/:sessionId/quality — by the session's expert, or a supervisor. */
export const qualityReportSchema = z.object({ samples: z.array(qualitySampleSchema).min(1).max(120) }).strict();

export const qualitySummarySchema = z.object({
  samples: z.number().int().nonnegative(),
  rttAvgMs: z.number(),
  rttMaxMs: z.number(),
  jitterAvgMs: z.number(),
  jitterMaxMs: z.number(),
  lossAvgPct: z.number(),
  lossMaxPct: z.number(),
  fpsAvg: z.number().nullable(),
  fpsMin: z.number().nullable(),
  minHeight: z.number().int().nullable(),
  lastResolution: z.string().nullable(),
});
export type QualitySummary = z.infer<typeof qualitySummarySchema>;
