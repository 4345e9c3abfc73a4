// One PGlite hub for a staff-route test file (inject): the stores, the assistance side on the
// file's fake clock (staff sign-in), and buildHub with the feature's own parts. The set-up the
// branch-queue, appointments, ticket-flag and software-updates route tests each wrote out.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { StaffRole } from '../../protocol/assist-values.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist/assist-config.js';
import { createAssist, type Assist } from '../assist/assist-hub.node.js';
import type { FakeClock } from '../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { buildHub, type BuildHubOptions } from '../server.js';
import type { Database } from '../storage/queryable.js';
import { TEST_TOKENS } from './kiosk-auth.js';
import { openTestPglite } from './test-databases.node.js';
import { openTestStores, type TestStores } from './test-hub.js';

type FeatureParts = Omit<BuildHubOptions, 'store' | 'staffStore' | 'auth' | 'assist'>;

export interface StaffRouteHub {
  db: Database;
  stores: TestStores;
  assist: Assist;
  app: FastifyInstance;
  /** A new staff member of `role`, signed in half a minute later on the fake clock (a fresh TOTP step). */
  signIn(role: StaffRole): Promise<string>;
  close(): Promise<void>;
}

export async function startStaffRouteHub(clock: FakeClock, parts: (db: Database) => FeatureParts | Promise<FeatureParts> = () => ({})): Promise<StaffRouteHub> {
  const testDb = await openTestPglite();
  const stores = await openTestStores(testDb.db);
  const assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: pino({ level: 'silent' }), clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
  const app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, assist, ...(await parts(testDb.db)) });
  return {
    db: testDb.db,
    stores,
    assist,
    app,
    async signIn(role) {
      const who = await createTestStaff(assist.staffAuth, { role });
      clock.advanceSec(30);
      return loginTestStaff(assist.staffAuth, clock, who);
    },
    async close() {
      await app.close();
      await testDb.dispose();
    },
  };
}

/** `/v1/x/:id` with its parameters filled in (encoded). */
export const fillPath = (template: string, values: Record<string, string>): string => template.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));
