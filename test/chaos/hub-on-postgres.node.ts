// A real hub on the test PostgreSQL, in a private schema of its own that is dropped
// afterwards. The chaos, fault and drain runs use it; `restart()` stops and starts the hub on
// the same port and schema, as an operator restarting the service would. With `auth: true`
// kiosk authentication is on, as in production: `enroll()` saves a kiosk's credentials.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { startHub, type RunningHub, type StartHubOptions } from '../../hub/start-hub.node.js';
import { createTestSchema, TEST_DATABASE_URL } from '../../hub/testing/test-databases.node.js';

export interface HubFixture {
  url: string;
  port: number;
  schema: string;
  /** The connection string with this schema on the search path (for hub instances in child processes). */
  databaseUrl: string;
  /** HUB_SECRET_KEY: hub instances sharing this schema must use it (it seals the card-data key). */
  secretKey: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stored transactions of a kiosk in seq order, straight from the database. */
  rows(kioskId: string): Promise<{ id: string; seq: number; type: string; receivedAt: string; ref: string | null; payload: string }[]>;
  /** How many transactions of a kiosk the hub stored. */
  count(kioskId: string): Promise<number>;
  /** Enrolls `kioskId` (auth on) and saves its credentials in `credentialsDir`. */
  enroll(kioskId: string, credentialsDir: string): Promise<void>;
  /** Enrolls `kioskId` and returns its credentials (a simulated kiosk that signs its own requests). */
  credentials(kioskId: string): Promise<KioskCredentials>;
  dispose(): Promise<void>;
}

export async function startHubOnPostgres(port = 0, opts: { auth?: boolean } = {}): Promise<HubFixture> {
  const { schema, drop } = await createTestSchema();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  // The secret key given: with a database URL the hub would otherwise keep a key file in the working directory.
  const secretKey = randomBytes(32).toString('base64');
  const staffToken = randomBytes(32).toString('base64url');
  const options = (listen: number): StartHubOptions => ({ port: listen, host: '127.0.0.1', databaseUrl, secretKey, auth: opts.auth ? { tokens: { staffToken } } : { mode: 'off' } });
  let hub: RunningHub | null = await startHub(options(port));
  const fixedPort = hub.port;
  const query = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const fixture: HubFixture = {
    url: hub.url,
    port: fixedPort,
    schema,
    databaseUrl,
    secretKey,
    stop: async () => {
      await hub?.close();
      hub = null;
    },
    start: async () => {
      hub ??= await startHub(options(fixedPort));
    },
    restart: async () => {
      await fixture.stop();
      await fixture.start();
    },
    rows: async (kioskId) => {
      const { rows } = await query.query<{ tx_id: string; seq: string; type: string; ref: string | null; us: string; payload: string }>(
        `SELECT tx_id, seq, type, payload->>'ref' AS ref, payload::text AS payload, extract(epoch from received_at) * 1e6 AS us FROM kiosk_transactions WHERE kiosk_id = $1 ORDER BY seq`,
        [kioskId],
      );
      return rows.map((r) => ({ id: r.tx_id, seq: Number(r.seq), type: r.type, receivedAt: String(r.us), ref: r.ref, payload: r.payload }));
    },
    count: async (kioskId) => {
      const { rows } = await query.query<{ n: string }>('SELECT count(*) AS n FROM kiosk_transactions WHERE kiosk_id = $1', [kioskId]);
      return Number(rows[0]?.n ?? 0);
    },
    enroll: async (kioskId, credentialsDir) => {
      if (!hub) throw new Error('the hub is stopped');
      mkdirSync(credentialsDir, { recursive: true, mode: 0o700 });
      await openCredentialsStore({ dataDir: credentialsDir }).save(await enrollLocalKiosk(hub, kioskId));
    },
    credentials: async (kioskId) => {
      if (!hub) throw new Error('the hub is stopped');
      return enrollLocalKiosk(hub, kioskId);
    },
    dispose: async () => {
      await hub?.close();
      await query.end();
      await drop();
    },
  };
  return fixture;
}
