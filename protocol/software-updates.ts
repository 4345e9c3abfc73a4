// Software updates: releases the hub publishes, rollouts that say which kiosks take one and
// when, the feed a kiosk reads and the reports it sends back. Imports only zod.
//
//   staff   POST /v1/staff/fleet/releases            a release (version, artifact URL, sha512, size);
//                                                    the hub signs it with its fleet command key
//           POST /v1/staff/fleet/rollouts            start a rollout of a release (branches and/or %)
//           PATCH /v1/staff/fleet/rollouts/:id       pause, resume, or widen (never narrow: pause instead)
//           GET  /v1/staff/fleet/versions            who runs what, per branch
//   kiosk   GET  /v1/kiosks/:kioskId/updates/feed    the release this kiosk should run, or none (signed)
//           POST /v1/kiosks/:kioskId/updates/report  where its update stands (signed)
import { z } from 'zod';

export const SOFTWARE_UPDATE_PATHS = {
  releases: '/v1/staff/fleet/releases',
  rollouts: '/v1/staff/fleet/rollouts',
  rollout: '/v1/staff/fleet/rollouts/:rolloutId',
  versions: '/v1/staff/fleet/versions',
  feed: '/v1/kiosks/:kioskId/updates/feed',
  report: '/v1/kiosks/:kioskId/updates/report',
} as const;

const isoTime = z.iso.datetime({ offset: true });

/** Semantic version, as electron-updater's latest.yml and package.json carry it. */
export const semverSchema = z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]{1,40})?(\+[0-9A-Za-z.-]{1,40})?$/, 'a semantic version such as 1.4.2');
export const channelSchema = z.enum(['stable', 'beta']);
/** sha512 of the artifact in standard base64 (88 characters), the form of latest.yml's `sha512`. */
export const sha512Base64Schema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'sha512 in base64');

export const releaseManifestSchema = z
  .object({
    version: semverSchema,
    channel: channelSchema,
    url: z.url({ protocol: /^https?$/ }).max(500),
    sha512: sha512Base64Schema,
    size: z.number().int().positive().max(4 * 1024 ** 3),
  })
  .strict();
export type ReleaseManifest = z.infer<typeof releaseManifestSchema>;

/** A manifest signed by the hub's fleet command key (the key the kiosk already pinned). */
export const signedReleaseSchema = releaseManifestSchema
  .extend({
    keyId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    /** base64url Ed25519 signature over releaseSigningText(). */
    signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
  })
  .strict();
export type SignedRelease = z.infer<typeof signedReleaseSchema>;

/**
 * The signed bytes: fixed field order, one field a line, so hub and kiosk agree without a
 * canonical-JSON library (every field is a string or an integer; none may hold a newline).
 */
export function releaseSigningText(release: ReleaseManifest & { keyId: string }): string {
  const { version, channel, url, sha512, size, keyId } = release;
  return ['branch-kiosk release v1', version, channel, url, sha512, String(size), keyId].join('\n');
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/** Local time range at the branch; `from` after `to` spans midnight (22:00–05:00). */
export const maintenanceWindowSchema = z
  .object({
    from: hhmm,
    to: hhmm,
    /** IANA time zone of the branch, e.g. Asia/Shanghai. */
    timeZone: z.string().min(1).max(64).regex(/^[A-Za-z_+\-/0-9]+$/),
  })
  .strict()
  .refine((window) => window.from !== window.to, 'an empty window would never open');
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

const branchIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

export const rolloutTargetSchema = z
  .object({
    branches: z.array(branchIdSchema).max(1000).default([]),
    /** Share of all kiosks outside the listed branches, 0–100. */
    percentage: z.number().int().min(0).max(100).default(0),
  })
  .strict()
  .refine((target) => target.branches.length > 0 || target.percentage > 0, 'name branches or a percentage');
export type RolloutTarget = z.infer<typeof rolloutTargetSchema>;

export const rolloutSchema = z
  .object({
    rolloutId: z.uuid(),
    version: semverSchema,
    target: rolloutTargetSchema,
    window: maintenanceWindowSchema,
    startsAt: isoTime,
    paused: z.boolean(),
  })
  .strict();
export type Rollout = z.infer<typeof rolloutSchema>;

/** What the feed offers one kiosk: the release and the rollout terms it was chosen by. */
export const updateOfferSchema = z.object({ release: signedReleaseSchema, rollout: rolloutSchema }).strict();
export type UpdateOffer = z.infer<typeof updateOfferSchema>;
export const feedResponseSchema = z.object({ offer: updateOfferSchema.nullable() }).strict();
export type FeedResponse = z.infer<typeof feedResponseSchema>;

export const updateStateSchema = z.enum(['idle', 'downloading', 'verifying', 'staged', 'installing', 'running-new', 'rolled-back', 'failed']);
export type UpdateState = z.infer<typeof updateStateSchema>;

/** Why an update did not stick; stable codes the console translates. */
export const updateFailureSchema = z.enum(['download-failed', 'bad-hash', 'bad-signature', 'install-failed', 'crash-loop', 'health-check']);
export type UpdateFailure = z.infer<typeof updateFailureSchema>;

export const updateReportSchema = z
  .object({
    currentVersion: semverSchema,
    previousVersion: semverSchema.nullable(),
    /** The release being worked on (or rolled back), if any. */
    targetVersion: semverSchema.nullable(),
    state: updateStateSchema,
    reason: updateFailureSchema.optional(),
    at: isoTime,
  })
  .strict()
  .refine((report) => (report.state === 'failed' || report.state === 'rolled-back') === (report.reason !== undefined), 'a reason with failed or rolled-back, and only then');
export type UpdateReport = z.infer<typeof updateReportSchema>;

// ── staff API ───────────────────────────────────────────────────────────────────────────
export const createReleaseRequestSchema = releaseManifestSchema;
/** `createdByName`: the publisher's display name for people to read (the id is what is audited). */
export const releaseSchema = signedReleaseSchema.extend({ createdBy: z.string(), createdByName: z.string().nullable(), createdAt: isoTime }).strict();
export type Release = z.infer<typeof releaseSchema>;
export const releasesResponseSchema = z.object({ releases: z.array(releaseSchema) });

export const startRolloutRequestSchema = z
  .object({ version: semverSchema, target: rolloutTargetSchema, window: maintenanceWindowSchema, startsAt: isoTime.optional() })
  .strict();
export type StartRolloutRequest = z.infer<typeof startRolloutRequestSchema>;

export const changeRolloutRequestSchema = z
  .object({
    paused: z.boolean().optional(),
    /** Widen only: the new percentage is not lower, the listed branches are added. */
    percentage: z.number().int().min(0).max(100).optional(),
    addBranches: z.array(branchIdSchema).max(1000).optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'change something');
export type ChangeRolloutRequest = z.infer<typeof changeRolloutRequestSchema>;
export const rolloutsResponseSchema = z.object({ rollouts: z.array(rolloutSchema) });
export const rolloutIdParamsSchema = z.object({ rolloutId: z.uuid() }).strict();

/** A kiosk whose last update did not stick, named so an operator can open it. */
export const updateTroubleSchema = z.object({
  kioskId: z.string(),
  state: z.enum(['rolled-back', 'failed']),
  reason: updateFailureSchema.nullable(),
  currentVersion: z.string(),
  targetVersion: z.string().nullable(),
  reportedAt: z.string(),
});
export type UpdateTrouble = z.infer<typeof updateTroubleSchema>;

export const versionsResponseSchema = z.object({
  branches: z.array(
    z.object({
      branchId: z.string().nullable(),
      versions: z.array(z.object({ version: z.string(), kiosks: z.number().int(), rolledBack: z.number().int(), failed: z.number().int() })),
      /** The branch's kiosks that rolled back or failed, newest report first. */
      trouble: z.array(updateTroubleSchema),
    }),
  ),
});
export type VersionsResponse = z.infer<typeof versionsResponseSchema>;
