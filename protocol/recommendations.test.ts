// The recommendation evaluator: a rule's terms, consent, the active window, at most one
// suggestion (highest priority, then the smaller id), whatever the rules' order; the explain
// words; and the schemas refusing what an admin must not save.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consentAllows,
  explainRule,
  journeyEndContextSchema,
  kioskRuleSchema,
  matchReasons,
  pickRecommendation,
  ruleDefinitionSchema,
  ruleMatches,
  type Condition,
  type Consent,
  type JourneyEndContext,
  type KioskRule,
} from './recommendations.js';
import { autoPayRule, kioskRule, ticketInfoRule } from './recommendations.testing.js';

const NOW = Date.parse('2026-12-04T10:00:00Z');
const paidElectricity: JourneyEndContext = { journey: 'bill-payment', outcome: 'success', billerCategory: 'electricity', billerId: 'STATE-GRID', paidBy: 'card', amount: { minor: 23_450, currency: 'CNY' }, hour: 10 };
const id = (n: number) => `0190a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

describe('a rule matches', () => {
  it('on its journey, outcome and every condition', () => {
    expect(ruleMatches(autoPayRule(), paidElectricity, NOW)).toBe(true);
    expect(ruleMatches(autoPayRule(), { ...paidElectricity, billerCategory: 'water' }, NOW)).toBe(false);
    expect(ruleMatches(autoPayRule(), { ...paidElectricity, outcome: 'failure' }, NOW)).toBe(false);
    expect(ruleMatches(autoPayRule(), { journey: 'queue-ticket', outcome: 'success', serviceId: 'accounts', hour: 10 }, NOW)).toBe(false);
    expect(ruleMatches(autoPayRule({ when: { journey: 'bill-payment', outcome: 'any', conditions: [] } }), { ...paidElectricity, outcome: 'failure' }, NOW)).toBe(true);
  });

  it('on amounts in the same currency, and on hour ranges that wrap past midnight', () => {
    const amount = (c: Condition) => ruleMatches(autoPayRule({ when: { journey: 'bill-payment', outcome: 'success', conditions: [c] } }), paidElectricity, NOW);
    expect(amount({ field: 'amount', currency: 'CNY', atLeastMinor: 23_450 })).toBe(true);
    expect(amount({ field: 'amount', currency: 'CNY', atLeastMinor: 23_451 })).toBe(false);
    expect(amount({ field: 'amount', currency: 'CNY', atMostMinor: 10_000 })).toBe(false);
    expect(amount({ field: 'amount', currency: 'HKD', atLeastMinor: 1 })).toBe(false);
    const at = (hour: number, from: number, to: number) =>
      ruleMatches(autoPayRule({ when: { journey: 'bill-payment', outcome: 'success', conditions: [{ field: 'hour', from, to }] } }), { ...paidElectricity, hour }, NOW);
    expect([at(9, 9, 17), at(16, 9, 17), at(17, 9, 17), at(8, 9, 17)]).toEqual([true, true, false, false]);
    expect([at(23, 22, 6), at(2, 22, 6), at(6, 22, 6), at(12, 22, 6)]).toEqual([true, true, false, false]);
  });

  it('only inside its active window', () => {
    const windowed = autoPayRule({ activeFrom: '2026-12-04T09:00:00Z', activeUntil: '2026-12-04T10:00:00Z' });
    expect(ruleMatches(windowed, paidElectricity, NOW - 1)).toBe(true);
    expect(ruleMatches(windowed, paidElectricity, NOW)).toBe(false);
    expect(ruleMatches(windowed, paidElectricity, Date.parse('2026-12-04T08:59:59Z'))).toBe(false);
  });
});

describe('consent', () => {
  it('marketing needs consent given; service information is also for anonymous journeys; a refusal gets nothing', () => {
    expect([consentAllows('marketing', 'given'), consentAllows('marketing', 'unknown'), consentAllows('marketing', 'refused')]).toEqual([true, false, false]);
    expect([consentAllows('service-info', 'given'), consentAllows('service-info', 'unknown'), consentAllows('service-info', 'refused')]).toEqual([true, true, false]);
    const rules = [kioskRule(id(1), autoPayRule())];
    expect(pickRecommendation(rules, paidElectricity, 'given', NOW)?.id).toBe(id(1));
    expect(pickRecommendation(rules, paidElectricity, 'unknown', NOW)).toBeNull();
    const ticket: JourneyEndContext = { journey: 'queue-ticket', outcome: 'success', serviceId: 'accounts', hour: 10 };
    expect(pickRecommendation([kioskRule(id(2), ticketInfoRule())], ticket, 'unknown', NOW)?.id).toBe(id(2));
    expect(pickRecommendation([kioskRule(id(2), ticketInfoRule())], ticket, 'refused', NOW)).toBeNull();
  });
});

describe('picking one suggestion', () => {
  it('takes the highest priority, then the smaller id', () => {
    const low = kioskRule(id(1), autoPayRule({ priority: 1 }));
    const highB = kioskRule(id(9), autoPayRule({ priority: 50 }));
    const highA = kioskRule(id(5), autoPayRule({ priority: 50 }));
    expect(pickRecommendation([low, highB, highA], paidElectricity, 'given', NOW)).toBe(highA);
    expect(pickRecommendation([], paidElectricity, 'given', NOW)).toBeNull();
  });

  // Rules drawn from a small space so that matches, ties and refusals all happen often.
  const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
    fc.record({ field: fc.constant('billerCategory' as const), in: fc.uniqueArray(fc.constantFrom('electricity' as const, 'water' as const, 'gas' as const), { minLength: 1 }) }),
    fc.record({ field: fc.constant('paidBy' as const), equals: fc.constant('card' as const) }),
    fc.record({ field: fc.constant('amount' as const), currency: fc.constant('CNY' as const), atLeastMinor: fc.integer({ min: 0, max: 50_000 }) }),
    fc.record({ field: fc.constant('hour' as const), from: fc.integer({ min: 0, max: 23 }), to: fc.integer({ min: 1, max: 24 }) }).filter((c) => c.from !== c.to),
    fc.record({ field: fc.constant('serviceId' as const), in: fc.constant<string[]>(['accounts']) }),
  );
  const ruleArb: fc.Arbitrary<KioskRule> = fc
    .record({
      n: fc.integer({ min: 1, max: 40 }),
      journey: fc.constantFrom('bill-payment' as const, 'queue-ticket' as const),
      outcome: fc.constantFrom('success' as const, 'failure' as const, 'any' as const),
      conditions: fc.array(conditionArb, { maxLength: 3 }),
      kind: fc.constantFrom('marketing' as const, 'service-info' as const),
      priority: fc.integer({ min: 0, max: 4 }),
      windowed: fc.boolean(),
    })
    .map(({ n, journey, outcome, conditions, kind, priority, windowed }) =>
      kioskRule(
        id(n),
        autoPayRule({
          when: { journey, outcome, conditions },
          suggestion: { ...autoPayRule().suggestion, kind },
          priority,
          ...(windowed ? { activeFrom: '2026-12-05T00:00:00Z' } : {}),
        }),
      ),
    );
  const contextArb: fc.Arbitrary<JourneyEndContext> = fc.record({
    journey: fc.constantFrom('bill-payment' as const, 'queue-ticket' as const),
    outcome: fc.constantFrom('success' as const, 'failure' as const),
    billerCategory: fc.constantFrom('electricity' as const, 'water' as const, 'phone' as const),
    paidBy: fc.constant('card' as const),
    amount: fc.record({ minor: fc.integer({ min: 1, max: 60_000 }), currency: fc.constant('CNY' as const) }),
    serviceId: fc.constantFrom('accounts', 'deposits'),
    hour: fc.integer({ min: 0, max: 23 }),
  });
  const consentArb = fc.constantFrom<Consent>('given', 'unknown', 'refused');

  it('answers one of the rules that matches and consent allows, none outranking it (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 12 }), contextArb, consentArb, (rules, ctx, consent) => {
        const eligible = rules.filter((r) => consentAllows(r.definition.suggestion.kind, consent) && ruleMatches(r.definition, ctx, NOW));
        const picked = pickRecommendation(rules, ctx, consent, NOW);
        if (eligible.length === 0) return picked === null;
        if (picked === null || !eligible.includes(picked)) return false;
        return eligible.every((r) => r.definition.priority < picked.definition.priority || (r.definition.priority === picked.definition.priority && r.id >= picked.id));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the rules order, and never suggests marketing without consent (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 12 }).chain((rules) => fc.tuple(fc.constant(rules), fc.shuffledSubarray(rules, { minLength: rules.length }))), contextArb, consentArb, ([rules, shuffled], ctx, consent) => {
        const picked = pickRecommendation(rules, ctx, consent, NOW);
        const again = pickRecommendation(shuffled, ctx, consent, NOW);
        expect(again?.id).toBe(picked?.id);
        expect(again?.definition.priority).toBe(picked?.definition.priority);
        if (consent === 'refused') expect(picked).toBeNull();
        if (consent !== 'given') expect(picked?.definition.suggestion.kind).not.toBe('marketing');
      }),
      { numRuns: 500 },
    );
  });

  it('is fast: 1,000 rules in well under a millisecond each evaluation on average', () => {
    const rules = Array.from({ length: 1000 }, (_, i) => kioskRule(id(i + 1), autoPayRule({ priority: i % 97 })));
    const started = performance.now();
    for (let i = 0; i < 200; i += 1) pickRecommendation(rules, paidElectricity, 'given', NOW);
    const perEvaluationMs = (performance.now() - started) / 200;
    expect(perEvaluationMs).toBeLessThan(5);
  });
});

describe('explain', () => {
  it('says in words when the rule applies, to whom and how it ranks, in both languages', () => {
    const rule = autoPayRule({ when: { journey: 'bill-payment', outcome: 'success', conditions: [{ field: 'billerCategory', in: ['electricity'] }, { field: 'amount', currency: 'CNY', atLeastMinor: 10_000 }] } });
    expect(explainRule(rule, 'en')).toBe(
      'After a bill payment that succeeded, when the biller category is electricity, and the amount is at least CN¥100.00, suggest "Pay electricity automatically". Marketing: shown only to card customers who consented to marketing. Priority 10 (when several rules match, the highest priority is shown).',
    );
    expect(explainRule(rule, 'zh-CN')).toContain('在生活缴费成功之后，且缴费类别为电费，且金额不低于 ¥100.00');
    expect(explainRule(ticketInfoRule(), 'en')).toContain('Service information');
    expect(matchReasons(rule, paidElectricity)).toEqual(['journey bill-payment success', 'the biller category is electricity', 'the amount is at least CN¥100.00']);
  });
});

describe('schemas', () => {
  it('accept the fixtures and refuse bad rules and contexts', () => {
    expect(ruleDefinitionSchema.safeParse(autoPayRule()).success).toBe(true);
    expect(kioskRuleSchema.safeParse(kioskRule(id(1), ticketInfoRule())).success).toBe(true);
    const bad = [
      autoPayRule({ name: '' }),
      autoPayRule({ priority: 1001 }),
      autoPayRule({ activeFrom: '2026-12-05T00:00:00Z', activeUntil: '2026-12-04T00:00:00Z' }),
      { ...autoPayRule(), when: { journey: 'bill-payment', outcome: 'success', conditions: [{ field: 'amount', currency: 'CNY' }] } },
      { ...autoPayRule(), when: { journey: 'bill-payment', outcome: 'success', conditions: [{ field: 'hour', from: 5, to: 5 }] } },
      { ...autoPayRule(), suggestion: { ...autoPayRule().suggestion, action: { type: 'url', href: 'https://evil.example' } } },
      { ...autoPayRule(), suggestion: { ...autoPayRule().suggestion, title: { en: 'only English' } } },
      { ...autoPayRule(), html: '<script>' },
    ];
    for (const rule of bad) expect(ruleDefinitionSchema.safeParse(rule).success).toBe(false);
    expect(journeyEndContextSchema.safeParse({ ...paidElectricity, pan: '6222021000000000017' }).success).toBe(false);
    expect(journeyEndContextSchema.safeParse({ ...paidElectricity, hour: 24 }).success).toBe(false);
  });
});
