// The signaling WebSocket (`/v1/assist/ws`). Authentication happens on the upgrade request,
// before any frame: a staff member by the `bearer.<token>` subprotocol, a kiosk through the
// KioskAuthenticator. A refused upgrade gets a plain HTTP 400/401 with `{code, message}`.
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Assist } from '../../assist/assist-hub.node.js';
import { ASSIST_CLOSE_CODES, ASSIST_LIMITS, ASSIST_PATHS, ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX } from '../../../protocol/assist-values.js';
import type { KioskAuthenticator } from '../../assist/signaling/kiosk-authenticator.js';
import type { PartyIdentity } from '../../assist/signaling/peers.js';
import { attachSocket, DEFAULT_RATE, DEFAULT_STRIKES } from '../../assist/signaling/socket-link.js';
import { ASSIST_STAFF } from '../../assist/staff/staff-guard.js';
import { sendError } from '../error-replies.js';

function offeredProtocols(request: FastifyRequest): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((p) => p.trim()).filter((p) => p !== '');
}

export interface AssistSocketLimits {
  /** Open sockets per client address; 0: no limit. */
  maxSocketsPerAddress: number;
}

export async function registerAssistSocket(app: FastifyInstance, assist: Assist, kioskAuth: KioskAuthenticator, limits: AssistSocketLimits = { maxSocketsPerAddress: 0 }): Promise<void> {
  await app.register(websocket, {
    options: {
      // Our own limit answers MESSAGE_TOO_LARGE; far beyond it ws closes the socket (1009).
      maxPayload: ASSIST_LIMITS.maxMessageBytes * 4,
      handleProtocols: (protocols) => (protocols.has(ASSIST_PROTOCOL) ? ASSIST_PROTOCOL : false),
    },
    // A frame `ws` refuses (invalid UTF-8, over maxPayload) or a handler that throws ends
    // that socket only. The plugin's default logs each one at error level with a stack: any
    // client could fill the log that way.
    errorHandler: (error, socket) => {
      assist.logger.info({ errCode: (error as Error & { code?: string }).code, errMessage: error.message }, 'assist: socket error');
      socket.terminate();
    },
  });
  const parties = new WeakMap<FastifyRequest, PartyIdentity>();
  const openByAddress = new Map<string, number>();
  const full = (address: string) => limits.maxSocketsPerAddress > 0 && (openByAddress.get(address) ?? 0) >= limits.maxSocketsPerAddress;
  const expiries = new WeakMap<FastifyRequest, number>();

  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const protocols = offeredProtocols(request);
    if (!request.ws || !protocols.includes(ASSIST_PROTOCOL)) {
      return sendError(reply, 400, 'BAD_REQUEST', `open a WebSocket offering the subprotocol ${ASSIST_PROTOCOL}`);
    }
    // Before authentication, which costs a database query.
    if (full(request.ip)) {
      request.log.warn({ remoteAddress: request.ip, limit: limits.maxSocketsPerAddress }, 'assist: socket refused, too many from this address');
      return sendError(reply, 429, 'RATE_LIMITED', 'too many open signaling sockets from this address');
    }
    const bearer = protocols.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
    if (bearer) {
      const token = bearer.slice(BEARER_PROTOCOL_PREFIX.length);
      const principal = await assist.staffAuth.authenticate(token);
      if (!principal) return sendError(reply, 401, 'UNAUTHORIZED', 'staff session is not valid; sign in again');
      // A teller in the roster would be offered video calls.
      if (!ASSIST_STAFF.includes(principal.staff.role)) return sendError(reply, 403, 'FORBIDDEN', 'tellers work at counters and take no video calls');
      parties.set(request, { kind: 'staff', profile: principal.staff, token });
      expiries.set(request, Date.parse(principal.expiresAt));
      return undefined;
    }
    const kiosk = await kioskAuth.verifyUpgrade(request);
    if (!kiosk) {
      request.log.warn('assist: kiosk upgrade refused');
      return sendError(reply, 401, 'UNAUTHORIZED', 'kiosk is not authenticated');
    }
    parties.set(request, { kind: 'kiosk', kioskId: kiosk.kioskId });
    return undefined;
  };

  const rules = assist.socket ?? {};
  app.get(ASSIST_PATHS.socket, { websocket: true, preValidation: authenticate }, (socket, request) => {
    const party = parties.get(request);
    if (!party) {
      socket.close(1011, 'not authenticated');
      return;
    }
    // Upgrades authenticated at the same time may all have passed the check above.
    if (full(request.ip)) {
      socket.close(ASSIST_CLOSE_CODES.policy, 'too many sockets from this address');
      return;
    }
    openByAddress.set(request.ip, (openByAddress.get(request.ip) ?? 0) + 1);
    socket.on('close', () => {
      const left = (openByAddress.get(request.ip) ?? 1) - 1;
      if (left > 0) openByAddress.set(request.ip, left);
      else openByAddress.delete(request.ip);
    });
    const revalidate =
      party.kind === 'staff' ? async () => (await assist.staffAuth.authenticate(party.token)) !== null : undefined;
    const expiresAt = expiries.get(request);
    attachSocket(socket, party, assist.service, {
      clock: assist.clock,
      logger: assist.logger,
      heartbeatMs: rules.heartbeatMs ?? ASSIST_LIMITS.heartbeatSec * 1000,
      rate: rules.rate ?? DEFAULT_RATE,
      strikes: rules.strikes ?? DEFAULT_STRIKES,
      ...(revalidate ? { revalidate } : {}),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
  });
}
