// Transaction ingest. The envelope is all-or-nothing (400); items are answered one by one,
// in request order, so a kiosk can settle each outbox row from its own result.
import type { FastifyInstance } from 'fastify';
import {
  HUB_API_PATHS,
  listTransactionsQuerySchema,
  transactionBatchEnvelopeSchema,
  type ItemResult,
  type ListTransactionsResponse,
  type TransactionBatchResponse,
} from '../../../protocol/hub-api.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { HubStore } from '../../storage/hub-store.js';
import { describeIssues, sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';
import { checkItems } from './item-checks.js';

const MAX_LOGGED_IDS = 20;

function countByStatus(results: readonly ItemResult[]): Record<ItemResult['status'], number> {
  const counts = { stored: 0, duplicate: 0, rejected: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

function unknownKiosk(kioskId: string): string {
  return `kiosk ${kioskId} is not registered; POST ${HUB_API_PATHS.registerKiosk} first`;
}

export function registerTransactionRoutes(app: FastifyInstance, store: HubStore, guards: RouteGuards): void {
  // Signed by the kiosk named in the body (see hub/auth/kiosk-guard.node.ts). Every kiosk sends
  // batches all day: one line per batch, the one below with its counts, instead of Fastify's
  // two request lines besides it (the route logs at warn; its own lines go through app.log,
  // tagged with the request id). Refusals and auth failures are still logged.
  app.post(HUB_API_PATHS.transactions, { ...guards.kiosk, logLevel: 'warn' }, async (request, reply) => {
    // Not parseInput: the items are `unknown` here and each is parsed on its own (item-checks),
    // so one item with a NUL is that item's rejection, not the whole batch's 400.
    const envelope = transactionBatchEnvelopeSchema.safeParse(request.body);
    if (!envelope.success) {
      request.log.warn({ issues: envelope.error.issues.length }, 'transactions: batch refused, malformed envelope');
      return sendError(reply, 400, 'BAD_REQUEST', describeIssues(envelope.error));
    }
    const { kioskId, items, backlogHint } = envelope.data;

    const checked = checkItems(items, kioskId);
    const outcomes = await store.ingest({ kioskId, items: checked.valid.map((v) => v.item), backlogHint });
    if (outcomes === null) {
      request.log.warn({ kioskId }, 'transactions: batch refused, kiosk not registered');
      return sendError(reply, 404, 'UNKNOWN_KIOSK', unknownKiosk(kioskId));
    }

    const results: ItemResult[] = [];
    checked.valid.forEach(({ index, item }, position) => {
      const outcome = outcomes[position];
      if (!outcome) throw new Error('ingest returned fewer outcomes than items');
      results[index] = { id: item.id, index, ...outcome };
    });
    for (const [index, rejected] of checked.rejected) results[index] = rejected;

    // Counts and ids only: payloads may hold personal data.
    const rejectedIds = results.filter((r) => r.status === 'rejected').slice(0, MAX_LOGGED_IDS).map((r) => r.id);
    app.log.info({ reqId: request.id, kioskId, received: items.length, ...countByStatus(results), rejectedIds }, 'transactions ingested');
    return reply.code(200).send({ results } satisfies TransactionBatchResponse);
  });

  app.get(HUB_API_PATHS.transactions, { ...guards.staff }, async (request, reply) => {
    const query = parseInput(listTransactionsQuerySchema, request.query);
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const items = await store.listTransactions(query.data);
    if (items === null) return sendError(reply, 404, 'UNKNOWN_KIOSK', unknownKiosk(query.data.kioskId));
    return reply.code(200).send({ items } satisfies ListTransactionsResponse);
  });
}
