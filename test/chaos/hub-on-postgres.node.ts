// A real hub on the test PostgreSQL, in a private schema of its own that is dropped
// afterwards. The chaos, fault and drain runs use it; `restart()` stops and starts the hub on
// the same port and schema, as an operator restarting the service would.
import pg from 'pg';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';
import { createTestSchema, TEST_DATABASE_URL } from '../../hub/testing/test-databases.node.js';

export interface HubFixture {
  url: string;
  port: number;
  schema: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stored transactions of a kiosk in seq order, straight from the database. */
  rows(kioskId: string): Promise<{ id: string; seq: number; type: string; receivedAt: string; ref: string | null }[]>;
  dispose(): Promise<void>;
}

export async function startHubOnPostgres(port = 0): Promise<HubFixture> {
  const { schema, drop } = await createTestSchema();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  let hub: RunningHub | null = await startHub({ port, host: '127.0.0.1', databaseUrl, auth: { mode: 'off' } });
  const fixedPort = hub.port;
  const query = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const fixture: HubFixture = {
    url: hub.url,
    port: fixedPort,
    schema,
    stop: async () => {
      await hub?.close();
      hub = null;
    },
    start: async () => {
      hub ??= await startHub({ port: fixedPort, host: '127.0.0.1', databaseUrl, auth: { mode: 'off' } });
    },
    restart: async () => {
      await fixture.stop();
      await fixture.start();
    },
    rows: async (kioskId) => {
      const { rows } = await query.query<{ tx_id: string; seq: string; type: string; ref: string | null; us: string }>(
        `SELECT tx_id, seq, type, payload->>'ref' AS ref, extract(epoch from received_at) * 1e6 AS us FROM kiosk_transactions WHERE kiosk_id = $1 ORDER BY seq`,
        [kioskId],
      );
      return rows.map((r) => ({ id: r.tx_id, seq: Number(r.seq), type: r.type, receivedAt: String(r.us), ref: r.ref }));
    },
    dispose: async () => {
      await hub?.close();
      await query.end();
      await drop();
    },
  };
  return fixture;
}
