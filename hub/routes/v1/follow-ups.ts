// Follow-up cases and the customer-voice report over HTTP (schemas: protocol/follow-ups.ts).
// Any signed-in staff member works cases; the phone number is masked everywhere except the
// case detail read by the case's owner, which is audited. Logs carry ids and statuses only:
// comments, notes and phone numbers are the customer's.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  FOLLOW_UP_PATHS,
  followUpCaseParamsSchema,
  followUpListQuerySchema,
  followUpNoteRequestSchema,
  followUpStatusRequestSchema,
  voiceReportQuerySchema,
  type FollowUpCase,
  type FollowUpDetail,
  type FollowUpListResponse,
  type VoiceReportResponse,
} from '../../../protocol/follow-ups.js';
import { parseInput } from '../../api/parse-input.js';
import { ANY_STAFF, requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { FollowUpOutcome, FollowUpStore } from '../../follow-ups/follow-up-store.js';
import { voiceReportCsv } from '../../follow-ups/voice-report.js';
import { sendError } from '../error-replies.js';

export interface FollowUpRouteOptions {
  store: FollowUpStore;
  staffAuth: StaffSessionVerifier;
}

function answer<T extends FollowUpCase | FollowUpDetail>(reply: FastifyReply, outcome: FollowUpOutcome<T>): FastifyReply {
  return outcome.ok ? reply.code(200).send(outcome.value) : sendError(reply, outcome.status, outcome.code, outcome.message);
}

export function registerFollowUpRoutes(app: FastifyInstance, { store, staffAuth }: FollowUpRouteOptions): void {
  const staff = { preHandler: requireStaff(staffAuth, ANY_STAFF) };

  app.get(FOLLOW_UP_PATHS.list, staff, async (request, reply) => {
    const query = parseInput(followUpListQuerySchema, request.query);
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    return reply.code(200).send({ cases: await store.list(query.data) } satisfies FollowUpListResponse);
  });

  app.get(FOLLOW_UP_PATHS.detail, staff, async (request, reply) => {
    const params = parseInput(followUpCaseParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const outcome = await store.detail(params.data.caseId, staffOf(request).staff.staffId);
    if (outcome.ok && !outcome.value.phoneMasked && outcome.value.phone !== null) {
      request.log.info({ caseId: params.data.caseId, staffId: staffOf(request).staff.staffId }, 'follow-up: phone number shown to the case owner');
    }
    return answer(reply, outcome);
  });

  app.post(FOLLOW_UP_PATHS.take, staff, async (request, reply) => {
    const params = parseInput(followUpCaseParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const staffId = staffOf(request).staff.staffId;
    const outcome = await store.take(params.data.caseId, staffId);
    if (outcome.ok) request.log.info({ caseId: params.data.caseId, staffId }, 'follow-up: case taken');
    return answer(reply, outcome);
  });

  app.post(FOLLOW_UP_PATHS.notes, staff, async (request, reply) => {
    const params = parseInput(followUpCaseParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(followUpNoteRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    return answer(reply, await store.addNote(params.data.caseId, staffOf(request).staff.staffId, body.data.text));
  });

  app.post(FOLLOW_UP_PATHS.status, staff, async (request, reply) => {
    const params = parseInput(followUpCaseParamsSchema, request.params, '(path)');
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(followUpStatusRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const staffId = staffOf(request).staff.staffId;
    const outcome = await store.setStatus(params.data.caseId, staffId, body.data);
    if (outcome.ok) request.log.info({ caseId: params.data.caseId, staffId, status: body.data.status }, 'follow-up: status changed');
    return answer(reply, outcome);
  });

  app.get(FOLLOW_UP_PATHS.report, staff, async (request, reply) => {
    const query = parseInput(voiceReportQuerySchema, request.query);
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    return reply.code(200).send({ rows: await store.report(query.data) } satisfies VoiceReportResponse);
  });

  app.get(FOLLOW_UP_PATHS.reportCsv, staff, async (request, reply) => {
    const query = parseInput(voiceReportQuerySchema, request.query);
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const csv = voiceReportCsv(await store.report(query.data));
    return reply
      .code(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="customer-voice.csv"')
      .send(csv);
  });
}
