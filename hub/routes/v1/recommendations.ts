// Recommendation rules over HTTP (schemas: protocol/recommendations.ts). Supervisors and admins
// read the rules with their counts and explain, create, edit, enable and disable them; logs
// carry rule ids, versions and actors. The kiosk-signed consent route answers only the
// marketing-consent flag of the customer whose card session the kiosk holds — never who they are.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StaffRole } from '../../../protocol/assist-values.js';
import {
  createRuleRequestSchema,
  marketingConsentRequestSchema,
  RECOMMENDATION_PATHS,
  ruleParamsSchema,
  saveRuleRequestSchema,
  type MarketingConsentResponse,
  type RuleListResponse,
} from '../../../protocol/recommendations.js';
import { parseInput } from '../../api/parse-input.js';
import { requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { Banking } from '../../banking/banking-service.js';
import { CoreBankingUnavailableError } from '../../banking/core-banking-adapter.js';
import type { RecommendationStore, RuleOutcome } from '../../recommendations/recommendation-store.js';
import { sendError } from '../error-replies.js';

export const RECOMMENDATION_EDITORS: readonly StaffRole[] = ['admin', 'supervisor'];

function answer<T>(reply: FastifyReply, outcome: RuleOutcome<T>, created = false): FastifyReply {
  return outcome.ok ? reply.code(created ? 201 : 200).send(outcome.value) : sendError(reply, outcome.status, outcome.code, outcome.message);
}

export function registerRecommendationRoutes(app: FastifyInstance, { store, staffAuth }: { store: RecommendationStore; staffAuth: StaffSessionVerifier }): void {
  const editors = { preHandler: requireStaff(staffAuth, RECOMMENDATION_EDITORS) };

  app.get(RECOMMENDATION_PATHS.list, editors, async (_request, reply) => reply.code(200).header('cache-control', 'no-store').send({ rules: await store.list() } satisfies RuleListResponse));

  app.get(RECOMMENDATION_PATHS.detail, editors, async (request, reply) => {
    const params = parseInput(ruleParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return answer(reply, await store.detail(params.data.ruleId));
  });

  app.post(RECOMMENDATION_PATHS.list, editors, async (request, reply) => {
    const body = parseInput(createRuleRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const actor = staffOf(request).staff.staffId;
    const outcome = await store.create(body.data.definition, body.data.enabled, actor);
    if (outcome.ok) request.log.info({ ruleId: outcome.value.id, enabled: outcome.value.enabled, staffId: actor }, 'recommendations: rule created');
    return answer(reply, outcome, true);
  });

  app.put(RECOMMENDATION_PATHS.detail, editors, async (request, reply) => {
    const params = parseInput(ruleParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(saveRuleRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const actor = staffOf(request).staff.staffId;
    const outcome = await store.save(params.data.ruleId, body.data.baseVersion, body.data.definition, actor);
    if (outcome.ok) request.log.info({ ruleId: params.data.ruleId, version: outcome.value.version, staffId: actor }, 'recommendations: rule saved');
    return answer(reply, outcome);
  });

  for (const [path, enabled] of [
    [RECOMMENDATION_PATHS.enable, true],
    [RECOMMENDATION_PATHS.disable, false],
  ] as const) {
    app.post(path, editors, async (request, reply) => {
      const params = parseInput(ruleParamsSchema, request.params, '(path)');
      if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
      const actor = staffOf(request).staff.staffId;
      const outcome = await store.setEnabled(params.data.ruleId, enabled, actor);
      if (outcome.ok) request.log.info({ ruleId: params.data.ruleId, staffId: actor }, enabled ? 'recommendations: rule enabled' : 'recommendations: rule disabled');
      return answer(reply, outcome);
    });
  }
}

/** `refused` also when the session is over: without a live session nobody's consent is known to be given. */
export function registerMarketingConsentRoute(app: FastifyInstance, banking: Banking, guards: RouteGuards): void {
  app.post(RECOMMENDATION_PATHS.consent, { ...guards.kiosk }, async (request, reply) => {
    const parsed = parseInput(marketingConsentRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const { kioskId, sessionId } = parsed.data;
    if (!banking.allow(kioskId, 'read')) return sendError(reply, 429, 'RATE_LIMITED', 'too many banking requests from this kiosk; retry after a pause');
    const session = await banking.sessions.isLive(kioskId, sessionId) ? await banking.sessions.use(kioskId, sessionId) : null;
    if (!session) return reply.code(200).header('cache-control', 'no-store').send({ consent: 'refused' } satisfies MarketingConsentResponse);
    try {
      const given = (await banking.adapter.marketingConsent?.(session.cardRef)) === true;
      return reply.code(200).header('cache-control', 'no-store').send({ consent: given ? 'given' : 'refused' } satisfies MarketingConsentResponse);
    } catch (error) {
      if (error instanceof CoreBankingUnavailableError) return sendError(reply, 503, 'UNAVAILABLE', 'the bank did not answer');
      throw error;
    }
  });
}
