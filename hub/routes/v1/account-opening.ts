// Account opening's routes (issue 11, protocol/account-opening.ts), beside the other
// /v1/banking routes and like them: signed by the kiosk named in the body, input parsed with
// the protocol's schemas (400 otherwise), a refusal the customer can act on as a 200
// `{ outcome: 'refused', reason }`, a bank that does not answer as 503. Only the filing route
// takes a body above the hub's 1 MiB (three photos). The staff view (experts, supervisors) is
// audited by the service. Bodies are never logged: they hold the personal data.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ACCOUNT_APPLICATION_MAX_BODY_BYTES, ACCOUNT_OPENING_PATHS, applicationRefRequestSchema, fileApplicationRequestSchema, withdrawApplicationRequestSchema } from '../../../protocol/account-opening.js';
import { parseInput } from '../../api/parse-input.js';
import { requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { AccountOpening } from '../../banking/account-opening-service.js';
import type { RateKind } from '../../banking/banking-service.js';
import { sendError } from '../error-replies.js';
import type { BankingAnswer } from './banking.js';

const staffViewParamsSchema = z.object({ applicationId: z.uuid() }).strict();

export interface AccountOpeningRouteDeps {
  opening: AccountOpening;
  guards: RouteGuards;
  allow(kioskId: string, rate: RateKind): boolean;
  answer: BankingAnswer;
  staffAuth?: StaffSessionVerifier | undefined;
}

export function registerAccountOpeningRoutes(app: FastifyInstance, deps: AccountOpeningRouteDeps): void {
  const { opening, guards, allow, answer } = deps;
  const post = <S extends z.ZodType<{ kioskId: string }>>(path: string, schema: S, rate: RateKind, handler: (data: z.output<S>) => Promise<unknown>, bodyLimit?: number) =>
    app.post(path, { ...guards.kiosk, ...(bodyLimit ? { bodyLimit } : {}) }, async (request, reply) => {
      const parsed = parseInput(schema, request.body);
      if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
      if (!allow(parsed.data.kioskId, rate)) return sendError(reply, 429, 'RATE_LIMITED', 'too many banking requests from this kiosk; retry after a pause');
      return answer(reply, () => handler(parsed.data));
    });

  post(ACCOUNT_OPENING_PATHS.applications, fileApplicationRequestSchema, 'lookup', (data) => opening.file(data), ACCOUNT_APPLICATION_MAX_BODY_BYTES);
  // Polled every 2 s while the customer is with the expert: the 'read' allowance (2/s) covers it.
  post(ACCOUNT_OPENING_PATHS.status, applicationRefRequestSchema, 'read', (data) => opening.status(data.kioskId, data.applicationId));
  post(ACCOUNT_OPENING_PATHS.withdraw, withdrawApplicationRequestSchema, 'read', (data) => opening.withdraw(data.kioskId, data.applicationId, data.reason));
  post(ACCOUNT_OPENING_PATHS.open, applicationRefRequestSchema, 'pay', (data) => opening.open(data.kioskId, data.applicationId));

  if (deps.staffAuth) {
    app.get(`${ACCOUNT_OPENING_PATHS.staffView}/:applicationId`, { preHandler: requireStaff(deps.staffAuth, ['expert', 'supervisor']) }, async (request, reply) => {
      const params = parseInput(staffViewParamsSchema, request.params, '(path)');
      if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
      const view = await opening.staffView(params.data.applicationId, staffOf(request).staff.staffId);
      if (!view) return sendError(reply, 404, 'NOT_FOUND', 'no such application');
      return reply.code(200).header('cache-control', 'no-store').send(view);
    });
  }
}
