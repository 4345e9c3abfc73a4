// HUB_FOLLOW_UP_SLA_HOURS: how long staff have to contact a customer after a case opens
// (default 24). A bad value stops the hub at start rather than silently using the default.
import { DEFAULT_FOLLOW_UP_POLICY, type FollowUpPolicy } from './follow-up-ingest.js';

export function followUpPolicyFromEnv(env: Readonly<Record<string, string | undefined>>): FollowUpPolicy {
  const raw = env.HUB_FOLLOW_UP_SLA_HOURS;
  if (raw === undefined || raw === '') return DEFAULT_FOLLOW_UP_POLICY;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 90) throw new Error(`HUB_FOLLOW_UP_SLA_HOURS must be a number of hours between 0 and 2160, got "${raw}"`);
  return { slaMs: Math.round(hours * 3600_000) };
}
