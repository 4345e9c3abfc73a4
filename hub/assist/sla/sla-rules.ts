// Service-level targets per kind of request, configurable (HUB_ASSIST_SLA_RULES, JSON):
//   answer   an expert accepts within `withinSec` of the customer asking (again, after a
//            transfer or a lost expert);
//   resolve  the request is closed within `withinSec` of the first ask, else supervisors are
//            alerted — the escalation path for urgent complaints.
import { z } from 'zod';
import { priorityClassSchema, slaKindSchema, topicSchema, type PriorityClass, type Topic } from '../../../protocol/assist-values.js';

export const slaRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    kind: slaKindSchema,
    withinSec: z.number().positive(),
    /** Omitted: every request. Each given list must contain the request's value. */
    match: z
      .object({ priorityClasses: z.array(priorityClassSchema).min(1).optional(), topics: z.array(topicSchema).min(1).optional() })
      .strict()
      .default({}),
  })
  .strict();
export type SlaRule = z.infer<typeof slaRuleSchema>;

export const slaRulesSchema = z
  .array(slaRuleSchema)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, { message: 'rule ids must be unique' });

export const DEFAULT_SLA_RULES: SlaRule[] = [
  { id: 'answer-30s', kind: 'answer', withinSec: 30, match: {} },
  { id: 'urgent-answer-15s', kind: 'answer', withinSec: 15, match: { priorityClasses: ['urgent'] } },
  { id: 'urgent-resolve-15m', kind: 'resolve', withinSec: 15 * 60, match: { priorityClasses: ['urgent'] } },
];

export interface SlaSubject {
  requestId: string;
  kioskId: string;
  priorityClass: PriorityClass;
  topic: Topic;
}

export function rulesFor(rules: readonly SlaRule[], subject: SlaSubject): SlaRule[] {
  return rules.filter(
    ({ match }) =>
      (match.priorityClasses?.includes(subject.priorityClass) ?? true) && (match.topics?.includes(subject.topic) ?? true),
  );
}
