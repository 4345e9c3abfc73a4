// The hub for call tests: the production pieces (createAssist, buildHub — so the console
// route, the signaling socket and staff sign-in are the real ones) on embedded PGlite in
// memory, with kiosk authentication on, plus a handle on the assistance store so tests can
// check what was recorded (ratings, decisions, quality). Staff are created the way an admin
// would: sign in with password + TOTP, then POST /v1/staff/users.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { DEFAULT_ASSIST_CONFIG, type AssistConfig } from '../../../hub/assist/assist-config.js';
import { createAssist } from '../../../hub/assist/assist-hub.node.js';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../../protocol/staff-api.js';
import { seedAdmin } from '../../../hub/assist/staff/seed-admin.node.js';
import { newTotpSecret, totpCode } from '../../../hub/assist/staff/totp.js';
import type { AssistStore } from '../../../hub/assist/storage/assist-store.js';
import { TEST_SCRYPT_COST } from '../../../hub/assist/testing/staff-fixtures.js';
import { signedUpgradeAuthenticator } from '../../../hub/auth/signed-upgrade.node.js';
import { buildHub } from '../../../hub/server.js';
import { ephemeralSecretKey } from '../../../hub/auth/hub-secret-key.node.js';
import { createBanking } from '../../../hub/banking/register-core-banking.node.js';
import { createAuthStore, type AuthStore } from '../../../hub/storage/auth-store.js';
import { createHubStore } from '../../../hub/storage/hub-store.js';
import { openDatabase } from '../../../hub/storage/open-database.node.js';
import type { Database } from '../../../hub/storage/queryable.js';
import { createStaffStore } from '../../../hub/storage/staff-store.js';

export interface StaffAccount {
  staffId: string;
  username: string;
  password: string;
  totpSecret: string;
  displayName: string;
}

export interface CallHub {
  url: string;
  port: number;
  store: AssistStore;
  authStore: AuthStore;
  admin: StaffAccount;
  createStaff(role: StaffRole, displayName: string): Promise<StaffAccount>;
  /** GET with the hub's staff API token (HUB_STAFF_TOKEN), parsed JSON. */
  staffGet<T>(path: string): Promise<T>;
  /** The help request a call session answered. */
  requestOfSession(sessionId: string): Promise<string | null>;
  /** A TOTP code for `account` that this hub has not accepted before (see nextTotp). */
  totp(account: StaffAccount): string;
  /** Hub log lines (warn and above unless asked for info), for failure messages. */
  logs: string[];
  /** The hub's own database (PGlite in memory), to check what it recorded. */
  db: Database;
  close(): Promise<void>;
}

/**
 * The TOTP code for `account` that the hub has not seen yet. A code works once per 30 s
 * step, and the hub accepts the next step too (clock drift), so a second sign-in of the
 * same person in one step uses the next step's code.
 */
export function nextTotp(account: StaffAccount, used: Map<string, number>): string {
  const step = Math.floor(Date.now() / 30_000);
  const last = used.get(account.username) ?? -1;
  const target = Math.max(step, last + 1);
  if (target > step + 1) throw new Error(`${account.username}: no fresh TOTP step left; wait ${30 - ((Date.now() / 1000) % 30)} s`);
  used.set(account.username, target);
  return totpCode(account.totpSecret, target * 30_000 + 1000);
}

/** `banking`: the demo core bank behind /v1/banking on the same database (account opening, card journeys). */
export async function startCallHub(config: Partial<AssistConfig> = {}, logLevel: 'warn' | 'info' = 'warn', options: { banking?: boolean } = {}): Promise<CallHub> {
  const logs: string[] = [];
  const logger = pino({ level: logLevel }, { write: (line: string) => void logs.push(line) });
  const db = await openDatabase({ dataDir: 'memory://', logger });
  const store = await createHubStore(db);
  const authStore = await createAuthStore(db);
  const staffStore = await createStaffStore(db);
  const assist = await createAssist({
    db,
    config: { ...DEFAULT_ASSIST_CONFIG, decisionSecret: randomBytes(24).toString('hex'), ...config },
    logger,
    kioskAuthenticator: signedUpgradeAuthenticator(authStore, { onRefused: (reason) => logger.warn({ reason }, 'kiosk upgrade refused') }),
    scryptCost: TEST_SCRYPT_COST,
  });
  const admin: StaffAccount = { staffId: '', username: 'floor-admin', password: randomBytes(12).toString('base64url'), totpSecret: newTotpSecret(), displayName: 'Floor Admin' };
  await seedAdmin(assist.staffAuth, { username: admin.username, password: admin.password, totpSecret: admin.totpSecret, displayName: admin.displayName });

  const staffToken = randomBytes(32).toString('base64url');
  const banking = options.banking ? await createBanking('demo', { db, secretKey: ephemeralSecretKey(), logger }) : undefined;
  const app = buildHub({ store, staffStore, auth: { store: authStore, mode: 'on', tokens: { staffToken } }, logger, assist, ...(banking ? { banking } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const used = new Map<string, number>();
  let adminToken: string | null = null;
  const adminLogin = async () => {
    const res = await fetch(`${url}/v1/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: admin.username, password: admin.password, totp: nextTotp(admin, used) }),
    });
    if (!res.ok) throw new Error(`admin login: ${res.status} ${await res.text()}`);
    return staffLoginResponseSchema.parse(await res.json()).token;
  };

  return {
    url,
    port,
    store: assist.store,
    authStore,
    admin,
    logs,
    db,
    totp: (account) => nextTotp(account, used),
    async staffGet<T>(path: string) {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${staffToken}` } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async requestOfSession(sessionId) {
      const { rows } = await db.query<{ request_id: string }>('SELECT request_id FROM assist_sessions WHERE session_id = $1', [sessionId]);
      return rows[0]?.request_id ?? null;
    },
    async createStaff(role, displayName) {
      adminToken ??= await adminLogin();
      const password = `${displayName} ${randomBytes(9).toString('base64url')}`;
      const username = displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const res = await fetch(`${url}/v1/staff/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ username, displayName, role, password, languages: ['zh-CN', 'en'], topics: ['accounts', 'cards', 'loans', 'payments', 'other'] }),
      });
      if (res.status !== 201) throw new Error(`create ${role}: ${res.status} ${await res.text()}`);
      const created = createStaffResponseSchema.parse(await res.json());
      return { staffId: created.staff.staffId, username, password, totpSecret: created.totpSecret, displayName };
    },
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
