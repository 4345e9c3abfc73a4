// Staff sign-in: login (password + TOTP), logout, who-am-I, and staff accounts (admins only:
// create, list, disable/enable, reset sign-in). Request and response schemas: protocol/staff-api.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../assist/clock.js';
import { ASSIST_PATHS } from '../../../protocol/assist-values.js';
import {
  createStaffRequestSchema,
  resetSignInRequestSchema,
  staffLoginRequestSchema,
  staffUserParamsSchema,
  updateStaffRequestSchema,
  type CreateStaffResponse,
  type StaffLoginResponse,
} from '../../../protocol/staff-api.js';
import type { StaffAuth } from '../../assist/staff/staff-auth.node.js';
import { LoginBackoff, type BackoffOptions } from '../../assist/staff/login-backoff.js';
import { requireStaff, staffOf } from '../../assist/staff/staff-guard.js';
import { KeyedLimiter, type BucketOptions } from '../../assist/token-bucket.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';

export interface LoginLimits {
  /** Attempts per client address, whatever the username: one address spraying many names. */
  perAddress: BucketOptions;
  /**
   * Failures per username and address, with backoff. Never per username alone: that would let
   * anyone lock a teller out by failing on their name (a guess needs password and TOTP).
   */
  perUserAndAddress: BackoffOptions;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddress: { capacity: 20, refillPerSec: 20 / 60 },
  perUserAndAddress: { freeFailures: 5, baseDelaySec: 2, maxDelaySec: 15 * 60, forgetAfterSec: 3600 },
};

export interface StaffAuthRouteOptions {
  staffAuth: StaffAuth;
  clock: Clock;
  loginLimits?: LoginLimits;
}

/** Tokens, TOTP secrets and profiles: no browser or proxy cache may keep a copy. */
const noStore = (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
  reply.header('cache-control', 'no-store');
  done();
};

export function registerStaffAuthRoutes(app: FastifyInstance, { staffAuth, clock, loginLimits = DEFAULT_LOGIN_LIMITS }: StaffAuthRouteOptions): void {
  const byAddress = new KeyedLimiter(loginLimits.perAddress, clock);
  const byUserAndAddress = new LoginBackoff(loginLimits.perUserAndAddress, clock);

  app.post(ASSIST_PATHS.staffLogin, { onRequest: noStore }, async (request, reply) => {
    const parsed = parseInput(staffLoginRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const { username } = parsed.data;
    // JSON, so no username can make two (name, address) pairs share a key.
    const pairKey = JSON.stringify([username.toLowerCase(), request.ip]);
    const backoff = byUserAndAddress.attempt(pairKey);
    if (!backoff.ok || !byAddress.take(request.ip)) {
      const retryAfterSec = backoff.ok ? 60 : backoff.retryAfterSec;
      request.log.warn({ username, remoteAddress: request.ip, retryAfterSec }, 'staff login: rate limited');
      reply.header('retry-after', String(retryAfterSec));
      return sendError(reply, 429, 'RATE_LIMITED', `too many sign-in attempts from here; try again in ${retryAfterSec} s`);
    }
    const result = await staffAuth.login(parsed.data);
    if (!result) {
      request.log.warn({ username, remoteAddress: request.ip }, 'staff login: refused');
      return sendError(reply, 401, 'UNAUTHORIZED', 'username, password or code is wrong');
    }
    byUserAndAddress.succeeded(pairKey);
    request.log.info({ staffId: result.staff.staffId, role: result.staff.role }, 'staff login');
    return reply.code(200).send({ token: result.token, expiresAt: result.expiresAt, staff: result.staff } satisfies StaffLoginResponse);
  });

  app.post(ASSIST_PATHS.staffLogout, { preHandler: requireStaff(staffAuth) }, async (request, reply) => {
    const { token, staff } = staffOf(request);
    await staffAuth.logout(token);
    request.log.info({ staffId: staff.staffId }, 'staff logout');
    return reply.code(204).send();
  });

  app.get(ASSIST_PATHS.staffMe, { onRequest: noStore, preHandler: requireStaff(staffAuth) }, async (request, reply) => {
    const { staff, expiresAt } = staffOf(request);
    return reply.code(200).send({ staff, expiresAt });
  });

  app.post(ASSIST_PATHS.staffUsers, { onRequest: noStore, preHandler: requireStaff(staffAuth, ['admin']) }, async (request, reply) => {
    const parsed = parseInput(createStaffRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const created = await staffAuth.createStaff(parsed.data);
    if (!created) return sendError(reply, 409, 'CONFLICT', `username ${parsed.data.username} is taken`);
    request.log.info({ by: staffOf(request).staff.staffId, staffId: created.staff.staffId, role: created.staff.role }, 'staff account created');
    return reply.code(201).send(created satisfies CreateStaffResponse);
  });

  app.get(ASSIST_PATHS.staffUsers, { onRequest: noStore, preHandler: requireStaff(staffAuth, ['admin']) }, async (_request, reply) => {
    return reply.code(200).send({ users: await staffAuth.listStaff() });
  });

  // A teller who left, a lost phone: disabled at once, every session ended (sockets close now).
  app.patch(ASSIST_PATHS.staffUser, { onRequest: noStore, preHandler: requireStaff(staffAuth, ['admin']) }, async (request, reply) => {
    const params = parseInput(staffUserParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(updateStaffRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const by = staffOf(request).staff.staffId;
    const { staffId } = params.data;
    if (staffId === by && body.data.disabled) return sendError(reply, 409, 'CONFLICT', 'you cannot disable your own account; ask another admin');
    const outcome = await staffAuth.setDisabled(staffId, body.data.disabled);
    if (outcome === 'not-found') return sendError(reply, 404, 'NOT_FOUND', 'no such staff account');
    if (outcome === 'last-admin') return sendError(reply, 409, 'CONFLICT', 'this is the last enabled admin; enable or create another admin first');
    request.log.info({ by, staffId, disabled: body.data.disabled }, body.data.disabled ? 'staff account disabled' : 'staff account enabled');
    return reply.code(200).send({ user: await staffAuth.listing(staffId) });
  });

  app.post(ASSIST_PATHS.staffUserResetSignIn, { onRequest: noStore, preHandler: requireStaff(staffAuth, ['admin']) }, async (request, reply) => {
    const params = parseInput(staffUserParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(resetSignInRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const reset = await staffAuth.resetSignIn(params.data.staffId, body.data.password);
    if (!reset) return sendError(reply, 404, 'NOT_FOUND', 'no such staff account');
    request.log.info({ by: staffOf(request).staff.staffId, staffId: params.data.staffId }, 'staff sign-in reset');
    return reply.code(200).send(reset satisfies CreateStaffResponse);
  });
}
