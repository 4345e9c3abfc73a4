// Recommendations after a journey (issue 13): explainable rules an admin writes in the console
// ("after an electricity bill payment, suggest auto-pay"), delivered to kiosks through the pull
// contract and evaluated by the kiosk host on what the journey ended with. The context holds
// nothing personal (a biller category, an amount, a service id, the hour), never a card, an
// account or a name. The evaluator is pure so the host, the hub's explain and the tests share
// one verdict. Imports only zod and sibling protocol schemas.
import { z } from 'zod';
import { billerCategorySchema, type BillerCategory } from './core-banking.js';
import { kioskIdSchema } from './hub-api.js';
import { formatMoney, moneySchema, type Money } from './money.js';
import { isStorableJson } from './storable-values.js';

export const RECOMMENDATION_PATHS = {
  list: '/v1/staff/recommendations/rules',
  detail: '/v1/staff/recommendations/rules/:ruleId',
  enable: '/v1/staff/recommendations/rules/:ruleId/enable',
  disable: '/v1/staff/recommendations/rules/:ruleId/disable',
  /** Kiosk-signed: the marketing-consent flag of the customer whose card session is open. */
  consent: '/v1/banking/card-sessions/marketing-consent',
} as const;

/** Enabled rules reach kiosks as pull items of kind `catalog`, one per rule; disabling deletes the item. */
export const RECOMMENDATION_ITEM_PREFIX = 'recommendations/';
export const recommendationItemKey = (ruleId: string): string => `${RECOMMENDATION_ITEM_PREFIX}${ruleId}`;

/** Outbox transaction: a suggestion shown, accepted or declined (rule id and journey only). */
export const RECOMMENDATION_TRANSACTION_TYPE = 'customer.recommendation';

export const recommendationJourneySchema = z.enum(['bill-payment', 'queue-ticket', 'account-services']);
export type RecommendationJourney = z.infer<typeof recommendationJourneySchema>;

export const journeyOutcomeSchema = z.enum(['success', 'failure']);
export type JourneyOutcome = z.infer<typeof journeyOutcomeSchema>;

const idText = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash or underscore');

/** What the kiosk knows when a journey ends, without personal data. */
export const journeyEndContextSchema = z
  .object({
    journey: recommendationJourneySchema,
    outcome: journeyOutcomeSchema,
    billerCategory: billerCategorySchema.optional(),
    billerId: idText.optional(),
    paidBy: z.enum(['card']).optional(),
    amount: moneySchema.optional(),
    serviceId: idText.optional(),
    /** The kiosk's local hour, 0–23. */
    hour: z.number().int().min(0).max(23),
  })
  .strict();
export type JourneyEndContext = z.infer<typeof journeyEndContextSchema>;

export const conditionSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('billerCategory'), in: z.array(billerCategorySchema).min(1).max(6) }).strict(),
  z.object({ field: z.literal('billerId'), in: z.array(idText).min(1).max(20) }).strict(),
  z.object({ field: z.literal('paidBy'), equals: z.literal('card') }).strict(),
  z
    .object({ field: z.literal('amount'), currency: moneySchema.shape.currency, atLeastMinor: z.number().int().nonnegative().optional(), atMostMinor: z.number().int().nonnegative().optional() })
    .strict()
    .refine((c) => c.atLeastMinor !== undefined || c.atMostMinor !== undefined, 'an amount condition needs a lower or an upper bound'),
  z.object({ field: z.literal('serviceId'), in: z.array(idText).min(1).max(20) }).strict(),
  /** From `from` (inclusive) to `to` (exclusive), local hours; from > to wraps past midnight. */
  z.object({ field: z.literal('hour'), from: z.number().int().min(0).max(23), to: z.number().int().min(1).max(24) }).strict().refine((c) => c.from !== c.to, 'an empty hour range'),
]);
export type Condition = z.infer<typeof conditionSchema>;

/**
 * `marketing`: selling something (auto-pay, a card) — shown only to a customer whose card
 * journey says they consented. `service-info`: about the branch or the service just used (hours,
 * documents to bring) — also shown on anonymous journeys, never to a customer who refused.
 */
export const suggestionKindSchema = z.enum(['marketing', 'service-info']);
export type SuggestionKind = z.infer<typeof suggestionKindSchema>;

export const suggestionActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('article'), articleId: z.uuid() }).strict(),
  z.object({ type: z.literal('ticket'), serviceId: idText }).strict(),
  z.object({ type: z.literal('slip') }).strict(),
]);
export type SuggestionAction = z.infer<typeof suggestionActionSchema>;

const plainText = (max: number) => z.string().trim().min(1).max(max).refine(isStorableJson, 'must not contain NUL characters or unpaired surrogates');
const bilingual = (max: number) => z.object({ 'zh-CN': plainText(max), en: plainText(max) }).strict();

export const suggestionSchema = z.object({ kind: suggestionKindSchema, title: bilingual(80), text: bilingual(400), action: suggestionActionSchema }).strict();
export type Suggestion = z.infer<typeof suggestionSchema>;

export const ruleWhenSchema = z
  .object({ journey: recommendationJourneySchema, outcome: z.enum(['success', 'failure', 'any']), conditions: z.array(conditionSchema).max(8) })
  .strict();
export type RuleWhen = z.infer<typeof ruleWhenSchema>;

/** What an admin edits. */
export const ruleDefinitionSchema = z
  .object({
    name: plainText(80),
    when: ruleWhenSchema,
    suggestion: suggestionSchema,
    /** Higher wins; equal priorities go to the smaller rule id. */
    priority: z.number().int().min(0).max(1000),
    activeFrom: z.iso.datetime({ offset: true }).nullable(),
    activeUntil: z.iso.datetime({ offset: true }).nullable(),
  })
  .strict()
  .refine((r) => r.activeFrom === null || r.activeUntil === null || Date.parse(r.activeFrom) < Date.parse(r.activeUntil), {
    message: 'the window must end after it starts',
    path: ['activeUntil'],
  });
export type RuleDefinition = z.infer<typeof ruleDefinitionSchema>;

export const ruleIdSchema = z.uuid();

/** What a kiosk holds: an enabled rule at one version. */
export const kioskRuleSchema = z.object({ id: ruleIdSchema, version: z.number().int().positive(), definition: ruleDefinitionSchema }).strict();
export type KioskRule = z.infer<typeof kioskRuleSchema>;

// ── Evaluation ───────────────────────────────────────────────────────────────────────────

/**
 * `given`: a card journey whose bank says the customer accepts marketing; `refused`: it says
 * they do not (nothing is suggested at all); `unknown`: an anonymous journey (a ticket), or
 * the bank could not be asked — only service information is suggested.
 */
export const consentSchema = z.enum(['given', 'refused', 'unknown']);
export type Consent = z.infer<typeof consentSchema>;

function hourIn(hour: number, from: number, to: number): boolean {
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

function conditionHolds(condition: Condition, ctx: JourneyEndContext): boolean {
  switch (condition.field) {
    case 'billerCategory':
      return ctx.billerCategory !== undefined && condition.in.includes(ctx.billerCategory);
    case 'billerId':
      return ctx.billerId !== undefined && condition.in.includes(ctx.billerId);
    case 'paidBy':
      return ctx.paidBy === condition.equals;
    case 'amount':
      return (
        ctx.amount !== undefined &&
        ctx.amount.currency === condition.currency &&
        (condition.atLeastMinor === undefined || ctx.amount.minor >= condition.atLeastMinor) &&
        (condition.atMostMinor === undefined || ctx.amount.minor <= condition.atMostMinor)
      );
    case 'serviceId':
      return ctx.serviceId !== undefined && condition.in.includes(ctx.serviceId);
    case 'hour':
      return hourIn(ctx.hour, condition.from, condition.to);
  }
}

/** Whether the rule's own terms (journey, outcome, conditions, window) hold; consent aside. */
export function ruleMatches(rule: RuleDefinition, ctx: JourneyEndContext, nowMs: number): boolean {
  if (rule.when.journey !== ctx.journey) return false;
  if (rule.when.outcome !== 'any' && rule.when.outcome !== ctx.outcome) return false;
  if (rule.activeFrom !== null && nowMs < Date.parse(rule.activeFrom)) return false;
  if (rule.activeUntil !== null && nowMs >= Date.parse(rule.activeUntil)) return false;
  return rule.when.conditions.every((c) => conditionHolds(c, ctx));
}

export function consentAllows(kind: SuggestionKind, consent: Consent): boolean {
  if (consent === 'refused') return false;
  return kind === 'service-info' || consent === 'given';
}

/** The highest priority rule that matches and consent allows; ties go to the smaller id. At most one. */
export function pickRecommendation<R extends KioskRule>(rules: readonly R[], ctx: JourneyEndContext, consent: Consent, nowMs: number): R | null {
  let best: R | null = null;
  for (const rule of rules) {
    if (!consentAllows(rule.definition.suggestion.kind, consent) || !ruleMatches(rule.definition, ctx, nowMs)) continue;
    if (best === null || rule.definition.priority > best.definition.priority || (rule.definition.priority === best.definition.priority && rule.id < best.id)) best = rule;
  }
  return best;
}

// ── Explain ──────────────────────────────────────────────────────────────────────────────

export type ExplainLocale = 'zh-CN' | 'en';

const JOURNEY_WORDS: Record<RecommendationJourney, Record<ExplainLocale, string>> = {
  'bill-payment': { en: 'a bill payment', 'zh-CN': '生活缴费' },
  'queue-ticket': { en: 'taking a queue ticket', 'zh-CN': '取号' },
  'account-services': { en: 'balances or statements', 'zh-CN': '查询余额或打印对账单' },
};
const CATEGORY_WORDS: Record<BillerCategory, Record<ExplainLocale, string>> = {
  electricity: { en: 'electricity', 'zh-CN': '电费' },
  water: { en: 'water', 'zh-CN': '水费' },
  gas: { en: 'gas', 'zh-CN': '燃气费' },
  phone: { en: 'phone', 'zh-CN': '话费' },
  tuition: { en: 'tuition', 'zh-CN': '学费' },
  other: { en: 'other', 'zh-CN': '其他' },
};

const amountWords = (minor: number, currency: Money['currency'], locale: ExplainLocale) => formatMoney({ minor, currency }, locale);

function conditionWords(c: Condition, locale: ExplainLocale): string {
  const zh = locale === 'zh-CN';
  switch (c.field) {
    case 'billerCategory': {
      const names = c.in.map((x) => CATEGORY_WORDS[x][locale]);
      return zh ? `缴费类别为${names.join('或')}` : `the biller category is ${names.join(' or ')}`;
    }
    case 'billerId':
      return zh ? `收费单位为 ${c.in.join('、')}` : `the biller is ${c.in.join(' or ')}`;
    case 'paidBy':
      return zh ? '用银行卡支付' : 'it was paid by card';
    case 'amount': {
      const parts: string[] = [];
      if (c.atLeastMinor !== undefined) parts.push(zh ? `不低于 ${amountWords(c.atLeastMinor, c.currency, locale)}` : `at least ${amountWords(c.atLeastMinor, c.currency, locale)}`);
      if (c.atMostMinor !== undefined) parts.push(zh ? `不高于 ${amountWords(c.atMostMinor, c.currency, locale)}` : `at most ${amountWords(c.atMostMinor, c.currency, locale)}`);
      return zh ? `金额${parts.join('且')}` : `the amount is ${parts.join(' and ')}`;
    }
    case 'serviceId':
      return zh ? `业务为 ${c.in.join('、')}` : `the service is ${c.in.join(' or ')}`;
    case 'hour':
      return zh ? `时间在 ${c.from}:00–${c.to}:00 之间` : `it is between ${c.from}:00 and ${c.to}:00`;
  }
}

/** The rule in words: when it applies, to whom, and how it ranks. Shown to the admin. */
export function explainRule(rule: RuleDefinition, locale: ExplainLocale): string {
  const zh = locale === 'zh-CN';
  const outcome = rule.when.outcome === 'any' ? '' : rule.when.outcome === 'success' ? (zh ? '成功' : ' that succeeded') : zh ? '未成功' : ' that did not succeed';
  const conditions = rule.when.conditions.map((c) => conditionWords(c, locale));
  const who =
    rule.suggestion.kind === 'marketing'
      ? zh
        ? '营销类：仅向同意接收营销信息的持卡客户展示'
        : 'Marketing: shown only to card customers who consented to marketing'
      : zh
        ? '服务信息：也向未插卡的客户展示，不向拒绝接收的客户展示'
        : 'Service information: also shown on journeys without a card, never to a customer who refused';
  if (zh) {
    const when = `在${JOURNEY_WORDS[rule.when.journey][locale]}${outcome}之后${conditions.length > 0 ? `，且${conditions.join('，且')}` : ''}`;
    return `${when}，建议“${rule.suggestion.title['zh-CN']}”。${who}。优先级 ${rule.priority}（多条规则同时符合时，优先级高者展示）。`;
  }
  const when = `After ${JOURNEY_WORDS[rule.when.journey][locale]}${outcome}${conditions.length > 0 ? `, when ${conditions.join(', and ')}` : ''}`;
  return `${when}, suggest "${rule.suggestion.title.en}". ${who}. Priority ${rule.priority} (when several rules match, the highest priority is shown).`;
}

/** Why the rule matched this context, condition by condition, for the host's log. */
export function matchReasons(rule: RuleDefinition, ctx: JourneyEndContext): string[] {
  return [`journey ${ctx.journey} ${ctx.outcome}`, ...rule.when.conditions.map((c) => conditionWords(c, 'en'))];
}

// ── Events and staff API ─────────────────────────────────────────────────────────────────

export const recommendationEventSchema = z.enum(['shown', 'accepted', 'declined']);
export type RecommendationEvent = z.infer<typeof recommendationEventSchema>;

export const recommendationPayloadSchema = z
  .object({
    eventId: z.uuid(),
    ruleId: ruleIdSchema,
    ruleVersion: z.number().int().positive(),
    event: recommendationEventSchema,
    journey: recommendationJourneySchema,
    at: z.iso.datetime(),
  })
  .strict();
export type RecommendationPayload = z.infer<typeof recommendationPayloadSchema>;

export const ruleParamsSchema = z.object({ ruleId: ruleIdSchema }).strict();
export const createRuleRequestSchema = z.object({ definition: ruleDefinitionSchema, enabled: z.boolean().default(false) }).strict();
export type CreateRuleRequest = z.input<typeof createRuleRequestSchema>;
/** `baseVersion`: the version the editor started from; another save since is a 409. */
export const saveRuleRequestSchema = z.object({ baseVersion: z.number().int().positive(), definition: ruleDefinitionSchema }).strict();
export type SaveRuleRequest = z.infer<typeof saveRuleRequestSchema>;

const auditedShape = { by: z.string(), byName: z.string(), at: z.iso.datetime() };

export const ruleCountsSchema = z.object({ shown: z.number().int().nonnegative(), accepted: z.number().int().nonnegative(), declined: z.number().int().nonnegative() }).strict();
export type RuleCounts = z.infer<typeof ruleCountsSchema>;

export const ruleSummarySchema = z.object({
  id: ruleIdSchema,
  version: z.number().int().positive(),
  enabled: z.boolean(),
  definition: ruleDefinitionSchema,
  explain: z.object({ 'zh-CN': z.string(), en: z.string() }),
  counts: ruleCountsSchema,
  updated: z.object(auditedShape),
});
export type RuleSummary = z.infer<typeof ruleSummarySchema>;

export const ruleAuditEventSchema = z.enum(['created', 'saved', 'enabled', 'disabled']);
export const ruleAuditEntrySchema = z.object({ event: ruleAuditEventSchema, version: z.number().int().positive(), ...auditedShape });
export type RuleAuditEntry = z.infer<typeof ruleAuditEntrySchema>;

export const ruleDetailSchema = ruleSummarySchema.extend({ audit: z.array(ruleAuditEntrySchema) });
export type RuleDetail = z.infer<typeof ruleDetailSchema>;

export const ruleListResponseSchema = z.object({ rules: z.array(ruleSummarySchema) });
export type RuleListResponse = z.infer<typeof ruleListResponseSchema>;

/** Accepted ÷ shown, or null before anything was shown. */
export const acceptanceRate = (counts: RuleCounts): number | null => (counts.shown === 0 ? null : counts.accepted / counts.shown);

export const marketingConsentRequestSchema = z.object({ kioskId: kioskIdSchema, sessionId: z.uuid() }).strict();
export const marketingConsentResponseSchema = z.object({ consent: consentSchema }).strict();
export type MarketingConsentResponse = z.infer<typeof marketingConsentResponseSchema>;
