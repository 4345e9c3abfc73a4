// Pure helpers of the Updates section: reading the forms' text fields into the protocol's
// requests, and the few words a rollout's state needs. No React, so tested on their own.
import {
  releaseManifestSchema,
  startRolloutRequestSchema,
  type ReleaseManifest,
  type Rollout,
  type StartRolloutRequest,
} from '../../../protocol/software-updates.js';

/** "BJ01, SH02 gz03" → ['BJ01', 'SH02', 'gz03']: commas (either width), spaces or new lines between. */
export function branchList(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).filter((part) => part !== ''))];
}

/** The first 16 characters of a base64 SHA-512: enough to tell two releases apart on screen. */
export const shortHash = (sha512: string): string => (sha512.length > 16 ? `${sha512.slice(0, 16)}…` : sha512);

export type RolloutPhase = 'active' | 'paused' | 'scheduled';

export function rolloutPhase(rollout: Rollout, nowMs: number): RolloutPhase {
  if (rollout.paused) return 'paused';
  return Date.parse(rollout.startsAt) > nowMs ? 'scheduled' : 'active';
}

/** Date and time of an ISO instant in the console's language, e.g. "2026/12/4 19:06:00". */
export function dateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale, { hour12: false });
}

export interface PublishFields {
  version: string;
  channel: string;
  url: string;
  sha512: string;
  size: string;
}

/** The publish form as a manifest, or null when a field is not what the hub will take. */
export function manifestOf(fields: PublishFields): ReleaseManifest | null {
  const parsed = releaseManifestSchema.safeParse({
    version: fields.version.trim(),
    channel: fields.channel,
    url: fields.url.trim(),
    sha512: fields.sha512.trim(),
    size: /^\d+$/.test(fields.size.trim()) ? Number(fields.size.trim()) : Number.NaN,
  });
  return parsed.success ? parsed.data : null;
}

export interface StartFields {
  version: string;
  branches: string;
  percentage: string;
  from: string;
  to: string;
  timeZone: string;
}

/** The start form as a request, or null when the hub would refuse it (nothing targeted, empty window…). */
export function startRequestOf(fields: StartFields): StartRolloutRequest | null {
  const percentage = fields.percentage.trim() === '' ? 0 : Number(fields.percentage);
  const parsed = startRolloutRequestSchema.safeParse({
    version: fields.version,
    target: { branches: branchList(fields.branches), percentage },
    window: { from: fields.from, to: fields.to, timeZone: fields.timeZone.trim() },
  });
  return parsed.success ? parsed.data : null;
}
