// Staff sign-in: login (password + TOTP), logout, who-am-I, and creating staff accounts
// (admins only). Request and response schemas: hub/assist/staff-api.ts.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../assist/clock.js';
import { ASSIST_PATHS } from '../../assist/protocol-values.js';
import { createStaffRequestSchema, staffLoginRequestSchema, type CreateStaffResponse, type StaffLoginResponse } from '../../assist/staff-api.js';
import type { StaffAuth } from '../../assist/staff/staff-auth.node.js';
import { requireStaff, staffOf } from '../../assist/staff/staff-guard.js';
import { KeyedLimiter, type BucketOptions } from '../../assist/token-bucket.js';
import { describeIssues, sendError } from '../error-replies.js';

export interface LoginLimits {
  /** Attempts per client address. */
  perAddress: BucketOptions;
  /** Attempts per username, whatever the address: slows a distributed guesser down. */
  perUsername: BucketOptions;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddress: { capacity: 10, refillPerSec: 10 / 60 },
  perUsername: { capacity: 5, refillPerSec: 1 / 60 },
};

export interface StaffAuthRouteOptions {
  staffAuth: StaffAuth;
  clock: Clock;
  loginLimits?: LoginLimits;
}

export function registerStaffAuthRoutes(app: FastifyInstance, { staffAuth, clock, loginLimits = DEFAULT_LOGIN_LIMITS }: StaffAuthRouteOptions): void {
  const byAddress = new KeyedLimiter(loginLimits.perAddress, clock);
  const byUsername = new KeyedLimiter(loginLimits.perUsername, clock);

  app.post(ASSIST_PATHS.staffLogin, async (request, reply) => {
    const parsed = staffLoginRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'BAD_REQUEST', describeIssues(parsed.error));
    const { username } = parsed.data;
    if (!byAddress.take(request.ip) || !byUsername.take(username.toLowerCase())) {
      request.log.warn({ username }, 'staff login: rate limited');
      return sendError(reply, 429, 'RATE_LIMITED', 'too many sign-in attempts; wait a minute and try again');
    }
    const result = await staffAuth.login(parsed.data);
    if (!result) {
      request.log.warn({ username }, 'staff login: refused');
      return sendError(reply, 401, 'UNAUTHORIZED', 'username, password or code is wrong');
    }
    request.log.info({ staffId: result.staff.staffId, role: result.staff.role }, 'staff login');
    return reply.code(200).send({ token: result.token, expiresAt: result.expiresAt, staff: result.staff } satisfies StaffLoginResponse);
  });

  app.post(ASSIST_PATHS.staffLogout, { preHandler: requireStaff(staffAuth) }, async (request, reply) => {
    const { token, staff } = staffOf(request);
    await staffAuth.logout(token);
    request.log.info({ staffId: staff.staffId }, 'staff logout');
    return reply.code(204).send();
  });

  app.get(ASSIST_PATHS.staffMe, { preHandler: requireStaff(staffAuth) }, async (request, reply) => {
    const { staff, expiresAt } = staffOf(request);
    return reply.code(200).send({ staff, expiresAt });
  });

  app.post(ASSIST_PATHS.staffUsers, { preHandler: requireStaff(staffAuth, ['admin']) }, async (request, reply) => {
    const parsed = createStaffRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'BAD_REQUEST', describeIssues(parsed.error));
    const created = await staffAuth.createStaff(parsed.data);
    if (!created) return sendError(reply, 409, 'CONFLICT', `username ${parsed.data.username} is taken`);
    request.log.info({ by: staffOf(request).staff.staffId, staffId: created.staff.staffId, role: created.staff.role }, 'staff account created');
    return reply.code(201).send(created satisfies CreateStaffResponse);
  });
}
