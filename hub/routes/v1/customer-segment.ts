// VIP by card (issue 13): a kiosk, signed, sends a card sealed to the hub's key and hears only
// the holder's segment. The sealed card is never logged (the request log has method and path);
// the log line says the kiosk and the segment. Rate-limited like card authorisation, since a
// card number guessed at this route would otherwise be an oracle for "is this a card of ours".
import type { FastifyInstance } from 'fastify';
import { CUSTOMER_SEGMENT_PATH, customerSegmentRequestSchema, customerSegmentSchema, type CustomerSegmentResponse } from '../../../protocol/customer-segment.js';
import { parseInput } from '../../api/parse-input.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { Banking } from '../../banking/banking-service.js';
import { CoreBankingUnavailableError } from '../../banking/core-banking-adapter.js';
import { sendError } from '../error-replies.js';

export function registerCustomerSegmentRoute(app: FastifyInstance, banking: Banking, guards: RouteGuards): void {
  app.post(CUSTOMER_SEGMENT_PATH, { ...guards.kiosk }, async (request, reply) => {
    const parsed = parseInput(customerSegmentRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const { kioskId, card } = parsed.data;
    if (!banking.allow(kioskId, 'authorise')) return sendError(reply, 429, 'RATE_LIMITED', 'too many card requests from this kiosk; retry after a pause');
    const lookup = banking.adapter.customerSegment?.bind(banking.adapter);
    let segment: CustomerSegmentResponse['segment'] = 'unknown';
    try {
      // Checked like every adapter answer: a wrong value must not become VIP by accident.
      if (lookup) segment = customerSegmentSchema.parse(await lookup(card));
    } catch (error) {
      if (error instanceof CoreBankingUnavailableError) return sendError(reply, 503, 'UNAVAILABLE', 'the bank did not answer; take an ordinary ticket or retry');
      throw error;
    }
    request.log.info({ kioskId, segment, entry: card.entry }, 'banking: customer segment for the queue');
    reply.header('cache-control', 'no-store');
    return reply.code(200).send({ segment } satisfies CustomerSegmentResponse);
  });
}
