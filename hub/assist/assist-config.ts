// Remote-assistance settings from the environment. Every variable is optional; the defaults
// run a lab hub (no TURN: calls work where kiosk and expert reach each other directly).
//   HUB_TURN_URLS              comma-separated `turn:`/`turns:`/`stun:` URLs
//   HUB_TURN_SECRET            coturn `static-auth-secret`; without it no TURN credentials
//   HUB_TURN_TTL_SEC           lifetime of an issued TURN credential (default 7200)
//   HUB_ASSIST_GRACE_SEC       how long a dropped socket keeps its place (default 30)
//   HUB_ASSIST_SLA_RULES       JSON array of SLA rules (sla/sla-rules.ts); default: answer in
//                              30 s, urgent in 15 s, urgent resolved within 15 min
//   HUB_ASSIST_PRIORITY        JSON {headStartSec:{urgent,vip,elderly,standard}, agingPerSec}
//   HUB_STAFF_SESSION_TTL_SEC  absolute lifetime of a staff session (default 28800 = 8 h)
//   HUB_STAFF_IDLE_SEC         a staff session unused this long ends (default 1800)
//   HUB_DECISION_SECRET        HMAC key for remote-authorization decisions
import { z } from 'zod';
import { DEFAULT_PRIORITY_POLICY, type PriorityPolicy } from './queue/priority.js';
import { priorityClassSchema } from '../../protocol/assist-values.js';
import { DEFAULT_SLA_RULES, slaRulesSchema, type SlaRule } from './sla/sla-rules.js';
import type { TurnConfig } from './turn/turn-credentials.node.js';

export interface AssistConfig {
  turn: TurnConfig;
  graceSec: number;
  slaRules: SlaRule[];
  priority: PriorityPolicy;
  staffSessionTtlSec: number;
  staffIdleSec: number;
  decisionSecret?: string | undefined;
}

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

const prioritySchema = z
  .object({ headStartSec: z.partialRecord(priorityClassSchema, z.number().nonnegative()), agingPerSec: z.number().positive() })
  .strict();

const turnUrl = z.string().regex(/^(turns?|stun):[^\s,]+$/, 'must be a turn:, turns: or stun: URL');

export const assistEnvSchema = z.object({
  HUB_TURN_URLS: z
    .string()
    .transform((text) => text.split(',').map((url) => url.trim()).filter((url) => url !== ''))
    .pipe(z.array(turnUrl))
    .default([]),
  HUB_TURN_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  HUB_TURN_TTL_SEC: z.coerce.number().int().min(60).max(86_400).default(7200),
  HUB_ASSIST_GRACE_SEC: z.coerce.number().min(1).max(600).default(30),
  HUB_ASSIST_SLA_RULES: jsonOf(slaRulesSchema).optional(),
  HUB_ASSIST_PRIORITY: jsonOf(prioritySchema).optional(),
  HUB_STAFF_SESSION_TTL_SEC: z.coerce.number().int().min(60).max(7 * 86_400).default(8 * 3600),
  HUB_STAFF_IDLE_SEC: z.coerce.number().int().min(60).max(86_400).default(1800),
  HUB_DECISION_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
});

/** Throws with every problem listed (names and rules, not values: some are secrets). */
export function assistConfigFromEnv(env: Record<string, string | undefined>): AssistConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('HUB_') && value !== undefined && value !== ''));
  const parsed = assistEnvSchema.safeParse(set);
  if (!parsed.success) {
    throw new Error(`remote assistance settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    turn: { urls: e.HUB_TURN_URLS, secret: e.HUB_TURN_SECRET, ttlSec: e.HUB_TURN_TTL_SEC },
    graceSec: e.HUB_ASSIST_GRACE_SEC,
    slaRules: e.HUB_ASSIST_SLA_RULES ?? DEFAULT_SLA_RULES,
    priority: e.HUB_ASSIST_PRIORITY
      ? { headStartSec: { ...DEFAULT_PRIORITY_POLICY.headStartSec, ...e.HUB_ASSIST_PRIORITY.headStartSec }, agingPerSec: e.HUB_ASSIST_PRIORITY.agingPerSec }
      : DEFAULT_PRIORITY_POLICY,
    staffSessionTtlSec: e.HUB_STAFF_SESSION_TTL_SEC,
    staffIdleSec: e.HUB_STAFF_IDLE_SEC,
    decisionSecret: e.HUB_DECISION_SECRET,
  };
}

export const DEFAULT_ASSIST_CONFIG: AssistConfig = assistConfigFromEnv({});
