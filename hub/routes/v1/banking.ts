// Kiosk-facing banking (issue 10): billers, bill lookup, card authorisation into a short-lived
// card session, balances and statements by session, idempotent bill payment, and the card-data
// key. Every route is signed by the kiosk named in the body (hub/auth/kiosk-guard.node.ts).
// A refusal the customer can act on is a 200 with `{ outcome: 'declined', reason }`; errors use
// the shared `{ code, message }`. Request bodies (sealed cards, PIN blocks) are never logged:
// fastify logs method and path, the service logs outcomes and reason codes.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  BANKING_PATHS,
  BANKING_STAFF_PATHS,
  followUpsQuerySchema,
  resolveFollowUpRequestSchema,
  type FollowUpsResponse,
  IDEMPOTENT_REPLAY_HEADER,
  billLookupRequestSchema,
  cardAuthorisationRequestSchema,
  cardSessionRequestSchema,
  idChallengeRequestSchema,
  identityAuthorisationRequestSchema,
  miniStatementRequestSchema,
  payBillRequestSchema,
  paymentAnswersRequestSchema,
  statementRequestSchema,
  type BillersResponse,
  type EndCardSessionResponse,
  type PaymentAnswersResponse,
} from '../../../protocol/core-banking.js';
import { z } from 'zod';
import { blockCardRequestSchema, CARD_REPLACEMENT_PATHS, cardsRequestSchema, completeIssueRequestSchema, issueCardRequestSchema, issueFirstCardRequestSchema } from '../../../protocol/card-replacement.js';
import { kioskIdSchema } from '../../../protocol/hub-api.js';
import { PIN_KEY_PATHS, pinKeyLoadedRequestSchema, pinKeyRequestSchema } from '../../../protocol/pin-keys.js';
import { parseInput } from '../../api/parse-input.js';
import { ANY_STAFF, requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { Banking, RateKind } from '../../banking/banking-service.js';
import { CoreBankingUnavailableError, IdempotencyConflictError } from '../../banking/core-banking-adapter.js';
import { IdempotencyInProgressError } from '../../banking/idempotency-store.js';
import { sendError } from '../error-replies.js';
import { registerAccountOpeningRoutes } from './account-opening.js';

const followUpParamsSchema = z.object({ kioskId: kioskIdSchema, transactionId: z.uuid() }).strict();

type Handler<T> = (data: T, reply: FastifyReply) => Promise<unknown>;

export type BankingAnswer = (reply: FastifyReply, work: () => Promise<unknown>) => Promise<FastifyReply>;

// Known failures of the bank or of the idempotency promise become their codes; the rest is a 500.
async function answer(reply: FastifyReply, work: () => Promise<unknown>): Promise<FastifyReply> {
  try {
    const body = await work();
    reply.header('cache-control', 'no-store');
    return reply.code(200).send(body);
  } catch (error) {
    if (error instanceof CoreBankingUnavailableError) {
      // The cause's name only: a driver's message may quote the values it was given.
      reply.log.warn({ errName: error.name, causeName: error.cause instanceof Error ? error.cause.name : undefined }, 'banking: the bank did not answer');
      return sendError(reply, 503, 'UNAVAILABLE', 'the bank did not answer; retry later (a payment with the same idempotency key)');
    }
    if (error instanceof IdempotencyInProgressError) return sendError(reply, 409, 'IN_PROGRESS', 'the first request with this idempotency key is still running; retry shortly with the same key');
    if (error instanceof IdempotencyConflictError) return sendError(reply, 422, 'IDEMPOTENCY_CONFLICT', 'this idempotency key was already used for a different request');
    throw error;
  }
}

/** `staffAuth`: staff sign-in, for the follow-up routes (registered only with it). */
export function registerBankingRoutes(app: FastifyInstance, banking: Banking, guards: RouteGuards, staffAuth?: StaffSessionVerifier): void {
  const post = <S extends z.ZodType>(path: string, schema: S, rate: RateKind, handler: Handler<z.output<S>>) =>
    app.post(path, { ...guards.kiosk }, async (request, reply) => {
      const parsed = parseInput(schema, request.body);
      if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
      const kioskId = (parsed.data as { kioskId: string }).kioskId;
      if (!banking.allow(kioskId, rate)) return sendError(reply, 429, 'RATE_LIMITED', 'too many banking requests from this kiosk; retry after a pause');
      return answer(reply, () => handler(parsed.data, reply));
    });

  app.get(BANKING_PATHS.cardKey, { ...guards.kiosk }, (_request, reply) => answer(reply, () => banking.cardKey()));
  app.get(BANKING_PATHS.billers, { ...guards.kiosk }, (_request, reply) => answer(reply, async () => ({ billers: await banking.billers() }) satisfies BillersResponse));

  post(PIN_KEY_PATHS.issue, pinKeyRequestSchema, 'lookup', (data) => banking.issuePinKey(data.kioskId));
  post(PIN_KEY_PATHS.loaded, pinKeyLoadedRequestSchema, 'lookup', (data) => banking.confirmPinKey(data.kioskId, data.keyId, data.kcv));
  post(BANKING_PATHS.billLookup, billLookupRequestSchema, 'lookup', (data) => banking.lookupBill(data.kioskId, data.lookup));
  post(BANKING_PATHS.cardSessions, cardAuthorisationRequestSchema, 'authorise', (data) => banking.authorise(data.kioskId, data.card, data.pin));
  // An ID-card sign-in costs a challenge and an authorisation: both count as authorisations.
  post(BANKING_PATHS.idChallenges, idChallengeRequestSchema, 'authorise', (data) => banking.identityChallenge(data.kioskId));
  post(BANKING_PATHS.idSessions, identityAuthorisationRequestSchema, 'authorise', (data) => banking.authoriseIdentity(data.kioskId, data.identity, data.challengeId, data.pin));
  post(BANKING_PATHS.accounts, cardSessionRequestSchema, 'read', (data) => banking.accounts(data.kioskId, data.sessionId));
  post(BANKING_PATHS.miniStatement, miniStatementRequestSchema, 'read', (data) => banking.miniStatement(data));
  post(BANKING_PATHS.statement, statementRequestSchema, 'read', (data) => banking.statement(data));
  post(BANKING_PATHS.payments, payBillRequestSchema, 'pay', async (data, reply) => {
    const { result, replayed } = await banking.payBill(data);
    // Tells the kiosk (and a tester) that this is the stored first answer, not a new payment.
    if (replayed) reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
    return result;
  });
  post(BANKING_PATHS.paymentAnswers, paymentAnswersRequestSchema, 'read', async (data) => ({ answers: await banking.paymentAnswers(data.kioskId, data.transactionIds) }) satisfies PaymentAnswersResponse);
  // Staff: stored payments the bank declined (or that need a person), for a follow-up with the
  // customer. Signed-in staff who serve customers, as for the other follow-up cases; without
  // staff sign-in (no assist) there is nobody to show them to.
  if (staffAuth) {
    const staff = { preHandler: requireStaff(staffAuth, ANY_STAFF) };
    app.get(BANKING_STAFF_PATHS.followUps, staff, async (request, reply) => {
      const query = parseInput(followUpsQuerySchema, request.query);
      if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
      return reply.code(200).header('cache-control', 'no-store').send({ items: await banking.followUps(query.data.state) } satisfies FollowUpsResponse);
    });
    app.post(BANKING_STAFF_PATHS.resolveFollowUp, staff, async (request, reply) => {
      const params = parseInput(followUpParamsSchema, request.params, '(path)');
      if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
      const body = parseInput(resolveFollowUpRequestSchema, request.body);
      if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
      const { staff: who } = staffOf(request);
      const resolved = await banking.resolveFollowUp(params.data.kioskId, params.data.transactionId, body.data.note, { staffId: who.staffId, name: who.displayName });
      if (!resolved) return sendError(reply, 404, 'NOT_FOUND', 'no open follow-up for this kiosk and transaction');
      request.log.info({ kioskId: params.data.kioskId, transactionId: params.data.transactionId, staffId: who.staffId }, 'banking: follow-up resolved');
      return reply.code(200).send(resolved);
    });
  }

  // Card replacement (issue 11), only where the bank offers it.
  if (banking.cardReplacement.offered) {
    const cards = banking.cardReplacement;
    post(CARD_REPLACEMENT_PATHS.cards, cardsRequestSchema, 'read', (data) => cards.cards(data.kioskId, data.sessionId));
    post(CARD_REPLACEMENT_PATHS.block, blockCardRequestSchema, 'read', (data) => cards.block(data));
    post(CARD_REPLACEMENT_PATHS.issue, issueCardRequestSchema, 'pay', async (data, reply) => {
      const { answer, replayed } = await cards.issue(data);
      if (replayed) reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
      return answer;
    });
    post(CARD_REPLACEMENT_PATHS.complete, completeIssueRequestSchema, 'pay', (data) => cards.complete(data));
  }
  // A first debit card after an account opened at the kiosk (issue 11); completed like a replacement.
  if (banking.cardReplacement.firstCardOffered) {
    const cards = banking.cardReplacement;
    post(CARD_REPLACEMENT_PATHS.issueFirst, issueFirstCardRequestSchema, 'pay', async (data, reply) => {
      const { answer, replayed } = await cards.issueFirst(data);
      if (replayed) reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
      return answer;
    });
    if (!banking.cardReplacement.offered) post(CARD_REPLACEMENT_PATHS.complete, completeIssueRequestSchema, 'pay', (data) => cards.complete(data));
  }

  // Account opening (issue 11), only where the bank opens accounts at kiosks.
  if (banking.accountOpening?.offered) {
    registerAccountOpeningRoutes(app, { opening: banking.accountOpening, guards, allow: (kioskId, rate) => banking.allow(kioskId, rate), answer, staffAuth });
  }

  post(BANKING_PATHS.endCardSession, cardSessionRequestSchema, 'read', async (data) => ({ ended: await banking.endSession(data.kioskId, data.sessionId) }) satisfies EndCardSessionResponse);
}
