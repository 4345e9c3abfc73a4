// The knowledge base over HTTP (schemas: protocol/knowledge.ts). Every signed-in staff member
// reads articles (an expert looks one up during a call); admins and supervisors write,
// publish, unpublish and archive. Logs carry ids, versions and actors, not article text.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  articleParamsSchema,
  articleVersionParamsSchema,
  createArticleRequestSchema,
  KNOWLEDGE_PATHS,
  publishArticleRequestSchema,
  saveArticleRequestSchema,
  type ArticleListResponse,
} from '../../../protocol/knowledge.js';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { parseInput } from '../../api/parse-input.js';
import { EVERY_ROLE, requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { KnowledgeOutcome, KnowledgeStore } from '../../knowledge/knowledge-store.js';
import { sendError } from '../error-replies.js';

export const KNOWLEDGE_EDITORS: readonly StaffRole[] = ['admin', 'supervisor'];

export interface KnowledgeRouteOptions {
  store: KnowledgeStore;
  staffAuth: StaffSessionVerifier;
}

function answer<T>(reply: FastifyReply, outcome: KnowledgeOutcome<T>, created = false): FastifyReply {
  return outcome.ok ? reply.code(created ? 201 : 200).send(outcome.value) : sendError(reply, outcome.status, outcome.code, outcome.message);
}

export function registerKnowledgeRoutes(app: FastifyInstance, { store, staffAuth }: KnowledgeRouteOptions): void {
  const readers = { preHandler: requireStaff(staffAuth, EVERY_ROLE) };
  const editors = { preHandler: requireStaff(staffAuth, KNOWLEDGE_EDITORS) };

  app.get(KNOWLEDGE_PATHS.list, readers, async (_request, reply) => reply.code(200).send({ articles: await store.list() } satisfies ArticleListResponse));

  app.get(KNOWLEDGE_PATHS.detail, readers, async (request, reply) => {
    const params = parseInput(articleParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return answer(reply, await store.detail(params.data.articleId));
  });

  app.get(KNOWLEDGE_PATHS.version, readers, async (request, reply) => {
    const params = parseInput(articleVersionParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return answer(reply, await store.version(params.data.articleId, params.data.version));
  });

  app.post(KNOWLEDGE_PATHS.list, editors, async (request, reply) => {
    const body = parseInput(createArticleRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const actor = staffOf(request).staff.staffId;
    const outcome = await store.create(body.data.slug, body.data.content, actor);
    if (outcome.ok) request.log.info({ articleId: outcome.value.id, staffId: actor }, 'knowledge: article created');
    return answer(reply, outcome, true);
  });

  app.post(KNOWLEDGE_PATHS.save, editors, async (request, reply) => {
    const params = parseInput(articleParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(saveArticleRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const actor = staffOf(request).staff.staffId;
    const outcome = await store.save(params.data.articleId, body.data.baseVersion, body.data.content, actor);
    if (outcome.ok) request.log.info({ articleId: params.data.articleId, version: outcome.value.latestVersion, staffId: actor }, 'knowledge: version saved');
    return answer(reply, outcome, true);
  });

  app.post(KNOWLEDGE_PATHS.publish, editors, async (request, reply) => {
    const params = parseInput(articleParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(publishArticleRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const actor = staffOf(request).staff.staffId;
    const outcome = await store.publish(params.data.articleId, body.data.version, actor);
    if (outcome.ok) request.log.info({ articleId: params.data.articleId, version: body.data.version, staffId: actor }, 'knowledge: version published to kiosks');
    return answer(reply, outcome);
  });

  for (const [path, action] of [
    [KNOWLEDGE_PATHS.unpublish, 'unpublish'],
    [KNOWLEDGE_PATHS.archive, 'archive'],
  ] as const) {
    app.post(path, editors, async (request, reply) => {
      const params = parseInput(articleParamsSchema, request.params, '(path)');
      if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
      const actor = staffOf(request).staff.staffId;
      const outcome = await store[action](params.data.articleId, actor);
      if (outcome.ok) request.log.info({ articleId: params.data.articleId, staffId: actor }, `knowledge: article ${action === 'archive' ? 'archived' : 'unpublished'}`);
      return answer(reply, outcome);
    });
  }
}
