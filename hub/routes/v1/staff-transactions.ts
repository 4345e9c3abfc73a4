// Staff search the transaction log across kiosks, by type and time, page by page.
import type { FastifyInstance } from 'fastify';
import { staffTransactionsQuerySchema, type StaffTransactionsResponse } from '../../api/staff.js';
import { HUB_API_PATHS } from '../../../protocol/hub-api.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import { decodeCursor, encodeCursor } from '../../storage/staff-cursor.js';
import type { StaffStore } from '../../storage/staff-store.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';

export function registerStaffTransactionRoutes(app: FastifyInstance, store: StaffStore, guards: RouteGuards): void {
  app.get(HUB_API_PATHS.staffTransactions, { ...guards.staff }, async (request, reply) => {
    const parsed = parseInput(staffTransactionsQuerySchema, request.query);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const { cursor, ...search } = parsed.data;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (after === null) return sendError(reply, 400, 'BAD_REQUEST', 'cursor: not one this hub handed out; start again without it');
    const page = await store.searchTransactions({ ...search, after });
    const body: StaffTransactionsResponse = { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    return reply.code(200).send(body);
  });
}
