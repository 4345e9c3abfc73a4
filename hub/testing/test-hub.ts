// A hub wired as in production (auth on, test tokens) over one test database.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { HubAuthOptions } from '../auth/route-guards.node.js';
import { buildHub } from '../server.js';
import type { HubLimits } from '../server-limits.js';
import { createAuthStore, type AuthStore } from '../storage/auth-store.js';
import { createHubStore, type HubStore } from '../storage/hub-store.js';
import type { Database } from '../storage/queryable.js';
import { createStaffStore, type StaffStore } from '../storage/staff-store.js';
import { TEST_TOKENS } from './kiosk-auth.js';

export interface TestStores {
  store: HubStore;
  authStore: AuthStore;
  staffStore: StaffStore;
}

export async function openTestStores(db: Database): Promise<TestStores> {
  const store = await createHubStore(db);
  return { store, authStore: await createAuthStore(db), staffStore: await createStaffStore(db) };
}

export interface TestHubOptions {
  logger?: Logger;
  /** Replaces parts of the auth options (mode, clock, authenticator). */
  auth?: Partial<HubAuthOptions>;
  /** Replaces the hub store, e.g. with one that fails. */
  store?: HubStore;
  limits?: Partial<HubLimits>;
}

export function buildTestHub(stores: TestStores, options: TestHubOptions = {}): FastifyInstance {
  return buildHub({
    store: options.store ?? stores.store,
    staffStore: stores.staffStore,
    auth: { store: stores.authStore, tokens: TEST_TOKENS, ...options.auth },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
}
