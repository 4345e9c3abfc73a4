// Every error leaves the hub as `{code, message}` with a stable code. Messages never echo
// request content: a JSON parse error, for one, quotes the body it failed on.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorBody, ErrorCode } from '../../protocol/hub-api.js';
import { maskCardNumbers } from '../../protocol/number-guards.js';

export { describeIssues } from '../api/parse-input.js';

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  const body: ErrorBody = { code, message };
  return reply.code(status).send(body);
}

const CLIENT_ERROR_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body is empty',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'body must be application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length does not match the body',
};

function clientErrorMessage(error: FastifyError): string {
  return CLIENT_ERROR_MESSAGES[error.code] ?? (error.code.startsWith('FST_') ? `request refused (${error.code})` : 'bad request');
}

export function installErrorReplies(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'NOT_FOUND', `no route for ${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      request.log.info({ errCode: error.code }, 'request body too large');
      return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'body is larger than the hub accepts; send fewer items per batch');
    }
    if (status >= 400 && status < 500) {
      request.log.info({ errCode: error.code }, 'malformed request');
      return sendError(reply, 400, 'BAD_REQUEST', clientErrorMessage(error));
    }
    // Not `err: error`: a database error's detail may quote the values it choked on. Its message
    // can too ("invalid input syntax for type …: \"…\""), so no card number in it reaches the log.
    request.log.error({ errName: error.name, errCode: error.code, errMessage: maskCardNumbers(error.message), stack: error.stack === undefined ? undefined : maskCardNumbers(error.stack) }, 'request failed');
    return sendError(reply, 500, 'INTERNAL', 'the hub failed to handle the request; retry later');
  });
}
