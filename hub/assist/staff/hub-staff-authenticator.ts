// Staff sessions (password + TOTP login) behind the hub's existing staff-route seam
// (hub/auth/staff-guard.ts `StaffAuthenticator`), so the staff query and admin routes can
// accept a signed-in staff member instead of a shared bearer token:
//   createRouteGuards({ …, staffAuthenticator: staffSessionAuthenticator(assist.staffAuth) })
// Experts and supervisors count as 'staff' there, admins as 'admin'.
import type { FastifyRequest } from 'fastify';
import type { StaffAuthenticator, StaffCheck } from '../../auth/staff-guard.js';
import { bearerToken, type StaffSessionVerifier } from './staff-guard.js';

export function staffSessionAuthenticator(auth: StaffSessionVerifier): StaffAuthenticator {
  return {
    authenticate: async (request: FastifyRequest): Promise<StaffCheck> => {
      const token = bearerToken(request.headers.authorization);
      if (!token) return { ok: false, reason: 'missing_token' };
      const principal = await auth.authenticate(token);
      if (!principal) return { ok: false, reason: 'bad_token' };
      const { role, username } = principal.staff;
      return { ok: true, identity: { role: role === 'admin' ? 'admin' : 'staff', name: `staff:${username}` } };
    },
  };
}
