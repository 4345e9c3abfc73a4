import type { FastifyRequest } from 'fastify';
import { expect, it } from 'vitest';
import { staffSessionAuthenticator } from './hub-staff-authenticator.js';
import type { StaffPrincipal } from './staff-auth.node.js';

const TOKEN = 'a'.repeat(43);
const principal = (role: 'expert' | 'supervisor' | 'admin'): StaffPrincipal => ({
  staff: { staffId: '0190a1b2-0000-7000-8000-000000000009', username: 'li.wei', displayName: 'Li Wei', role, languages: [], topics: [] },
  expiresAt: '2026-11-23T17:00:00.000Z',
});
const request = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as FastifyRequest;

it('maps live staff sessions onto the hub’s staff/admin roles', async () => {
  for (const [role, expected] of [['expert', 'staff'], ['supervisor', 'staff'], ['admin', 'admin']] as const) {
    const auth = staffSessionAuthenticator({ authenticate: async (token) => (token === TOKEN ? principal(role) : null) });
    expect(await auth.authenticate(request(`Bearer ${TOKEN}`))).toEqual({ ok: true, identity: { role: expected, name: 'staff:li.wei' } });
  }
});

it('refuses a missing or dead token with the seam’s reasons', async () => {
  const auth = staffSessionAuthenticator({ authenticate: async () => null });
  expect(await auth.authenticate(request())).toEqual({ ok: false, reason: 'missing_token' });
  expect(await auth.authenticate(request(`Bearer ${TOKEN}`))).toEqual({ ok: false, reason: 'bad_token' });
});
