// A hub for cross-cutting tests with authentication on, as in production: the kiosk is
// enrolled (credentials saved in its data dir) and staff reads carry a bearer token. Its
// database is a private schema on the test PostgreSQL, dropped on close: an embedded PGlite
// took ~4 s to start per test file (its own tests and `npm start`'s cover that path).
import { randomBytes } from 'node:crypto';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import type { Clock } from '../../hub/assist/clock.js';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';
import { createTestSchema, TEST_DATABASE_URL } from '../../hub/testing/test-databases.node.js';

export interface TestHub {
  hub: RunningHub;
  /** GET as staff, parsed JSON. */
  staffGet<T>(path: string): Promise<T>;
  enroll(kioskId: string, kioskDataDir: string): Promise<void>;
  close(): Promise<void>;
}

/** `adminToken`: also accept this admin bearer token (admin routes are refused without one). */
export async function startTestHub(opts: { port?: number; adminToken?: string; clock?: Clock } = {}): Promise<TestHub> {
  const staffToken = randomBytes(32).toString('base64url');
  const { schema, drop } = await createTestSchema();
  let hub: RunningHub;
  try {
    hub = await startHub({
      port: opts.port ?? 0,
      host: '127.0.0.1',
      databaseUrl: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      // With a database URL only the hub's secret key looks here: an ephemeral one.
      dataDir: 'memory://',
      auth: { tokens: { staffToken, adminToken: opts.adminToken } },
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
  } catch (err) {
    await drop();
    throw err;
  }
  return {
    hub,
    async staffGet<T>(path: string) {
      const res = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${staffToken}` } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async enroll(kioskId, kioskDataDir) {
      await openCredentialsStore({ dataDir: kioskDataDir }).save(await enrollLocalKiosk(hub, kioskId));
    },
    async close() {
      await hub.close();
      await drop();
    },
  };
}
