// Service analytics over HTTP (schemas: protocol/analytics.ts), for supervisors and admins:
// one route per view (`/v1/staff/analytics/tickets?from=…`) and its CSV. Aggregates only:
// no customer text, phone number or card data is in any view.
import type { FastifyInstance } from 'fastify';
import { ANALYTICS_PATHS, analyticsParamsSchema, analyticsQuerySchema } from '../../../protocol/analytics.js';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { parseInput } from '../../api/parse-input.js';
import { requireStaff, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import { analyticsCsv, type AnalyticsService } from '../../analytics/analytics-service.js';
import { sendError } from '../error-replies.js';

export const ANALYTICS_READERS: readonly StaffRole[] = ['supervisor', 'admin'];

export interface AnalyticsRouteOptions {
  analytics: AnalyticsService;
  staffAuth: StaffSessionVerifier;
}

export function registerAnalyticsRoutes(app: FastifyInstance, { analytics, staffAuth }: AnalyticsRouteOptions): void {
  const readers = { preHandler: requireStaff(staffAuth, ANALYTICS_READERS) };

  for (const csv of [false, true]) {
    app.get(csv ? ANALYTICS_PATHS.csv : ANALYTICS_PATHS.view, readers, async (request, reply) => {
      const params = parseInput(analyticsParamsSchema, request.params, '(path)');
      if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
      const query = parseInput(analyticsQuerySchema, request.query, '(query)');
      if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
      const response = await analytics.view(params.data.view, query.data);
      if (!csv) return reply.code(200).send(response);
      return reply
        .code(200)
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="analytics-${response.view}-${response.from}-${response.to}.csv"`)
        .send(analyticsCsv(response));
    });
  }
}
