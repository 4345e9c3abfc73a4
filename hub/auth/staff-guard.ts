// Who may read staff data and administer enrollment. Today: two bearer tokens from the
// environment. Real staff login (sessions, accounts) replaces `StaffAuthenticator` and
// nothing else: routes only ever ask `requireRole(...)`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthFailureReason } from '../../protocol/kiosk-auth.js';
import { tokensEqual } from './tokens.node.js';

export type StaffRole = 'staff' | 'admin';

export interface StaffIdentity {
  role: StaffRole;
  /** For logs: which credential was used, never the credential itself. */
  name: string;
}

export type StaffCheck = { ok: true; identity: StaffIdentity } | { ok: false; reason: Extract<AuthFailureReason, 'missing_token' | 'bad_token'> };

/** The seam for real staff login. */
export interface StaffAuthenticator {
  authenticate(request: FastifyRequest): Promise<StaffCheck>;
}

export interface StaffTokens {
  /** Admins may also do everything staff may. */
  adminToken?: string | undefined;
  staffToken?: string | undefined;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([\x21-\x7e]+)$/.exec(header) : null;
  return match?.[1] ?? null;
}

export function tokenAuthenticator(tokens: StaffTokens): StaffAuthenticator {
  return {
    authenticate: async (request) => {
      const given = bearer(request);
      if (given === null) return { ok: false, reason: 'missing_token' };
      // Both comparisons always run, so timing does not reveal which token matched.
      const isAdmin = tokens.adminToken !== undefined && tokensEqual(given, tokens.adminToken);
      const isStaff = tokens.staffToken !== undefined && tokensEqual(given, tokens.staffToken);
      if (isAdmin) return { ok: true, identity: { role: 'admin', name: 'admin-token' } };
      if (isStaff) return { ok: true, identity: { role: 'staff', name: 'staff-token' } };
      return { ok: false, reason: 'bad_token' };
    },
  };
}

/**
 * Accepts what any of `authenticators` accepts, tried in order: static tokens and staff
 * sessions can then be valid side by side while one replaces the other.
 */
export function anyOf(...authenticators: StaffAuthenticator[]): StaffAuthenticator {
  return {
    authenticate: async (request) => {
      let refusal: StaffCheck = { ok: false, reason: 'missing_token' };
      for (const authenticator of authenticators) {
        const check = await authenticator.authenticate(request);
        if (check.ok) return check;
        // A token that some check rejected is a bad token, not a missing one.
        if (check.reason === 'bad_token') refusal = check;
      }
      return refusal;
    },
  };
}

const RANK: Record<StaffRole, number> = { staff: 1, admin: 2 };

export type Refuse = (request: FastifyRequest, reply: FastifyReply, status: 401 | 403, reason: AuthFailureReason, message: string) => FastifyReply;

/** An onRequest hook that lets through only identities of at least `role`. */
export function requireRole(role: StaffRole, authenticator: StaffAuthenticator, refuse: Refuse) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const check = await authenticator.authenticate(request);
    if (!check.ok) {
      const message = check.reason === 'missing_token' ? 'send Authorization: Bearer <token>' : 'token is not valid';
      return refuse(request, reply, 401, check.reason, message);
    }
    if (RANK[check.identity.role] < RANK[role]) return refuse(request, reply, 403, 'insufficient_role', `needs the ${role} role`);
    request.log.debug({ staff: check.identity.name, role: check.identity.role }, 'staff request');
    return undefined;
  };
}
