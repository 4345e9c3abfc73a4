// The guard any hub route can put in front of itself to require a signed-in staff member,
// optionally of certain roles:
//   app.get('/v1/x', { preHandler: requireStaff(staffAuth, ['supervisor', 'admin']) }, (req) => staffOf(req))
// 401 UNAUTHORIZED without a live session, 403 FORBIDDEN for another role.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../../routes/error-replies.js';
import { staffRoleSchema, type StaffRole } from '../../../protocol/assist-values.js';
import type { StaffPrincipal } from './staff-auth.node.js';

export interface StaffSessionVerifier {
  authenticate(token: string): Promise<StaffPrincipal | null>;
}

export interface GuardedStaff extends StaffPrincipal {
  token: string;
}

/** Every role: signing out and reading one's own profile. */
export const EVERY_ROLE: readonly StaffRole[] = staffRoleSchema.options;
/**
 * Staff who serve customers (calls, counters, follow-up cases): every role but operations,
 * who run the fleet and see no customer's case or ticket.
 */
export const ANY_STAFF: readonly StaffRole[] = ['expert', 'supervisor', 'admin', 'teller'];
/** Who takes part in video assistance; tellers work at branch counters instead. */
export const ASSIST_STAFF: readonly StaffRole[] = ['expert', 'supervisor', 'admin'];

// A WeakMap rather than a request decoration: nothing global to declare, and a route that
// forgot the guard gets an exception from staffOf() instead of an undefined principal.
const principals = new WeakMap<FastifyRequest, GuardedStaff>();

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

export function requireStaff(auth: StaffSessionVerifier, roles: readonly StaffRole[] = EVERY_ROLE) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    const principal = token ? await auth.authenticate(token) : null;
    if (!token || !principal) {
      await sendError(reply, 401, 'UNAUTHORIZED', 'sign in first: POST /v1/staff/login, then send Authorization: Bearer <token>');
      return;
    }
    if (!roles.includes(principal.staff.role)) {
      request.log.info({ staffId: principal.staff.staffId, role: principal.staff.role }, 'staff route refused for role');
      await sendError(reply, 403, 'FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
      return;
    }
    principals.set(request, { ...principal, token });
  };
}

export function staffOf(request: FastifyRequest): GuardedStaff {
  const principal = principals.get(request);
  if (!principal) throw new Error('staffOf() on a route without requireStaff()');
  return principal;
}
