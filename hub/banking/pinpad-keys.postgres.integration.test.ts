// Per-kiosk PIN pad keys on real PostgreSQL, two hub instances on one schema: a key issued and
// confirmed through one opens PIN blocks at the other (sealed with the shared hub secret key),
// for its own kiosk only; two instances confirming different keys of one kiosk at once: one
// wins, the other is refused, exactly one key active.
// Needs the PostgreSQL at HUB_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesKcv, unwrapPinWorkingKey } from '../../drivers/pinpad/tr31-key-block.node.js';
import { ephemeralSecretKey } from '../auth/hub-secret-key.node.js';
import { migrate } from '../storage/migrations.js';
import { openPostgres } from '../storage/postgres.node.js';
import type { Database } from '../storage/queryable.js';
import { createTestSchema, TEST_DATABASE_URL } from '../testing/test-databases.node.js';
import { PinPadKeyStore } from './pinpad-keys.node.js';

const secretKey = ephemeralSecretKey();
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let dbs: Database[] = [];

beforeAll(async () => {
  schema = await createTestSchema();
  dbs = await Promise.all([0, 1].map(() => openPostgres({ connectionString: TEST_DATABASE_URL, searchPath: schema.schema, maxConnections: 4 })));
  await migrate(dbs[0] as Database);
}, 60_000);
afterAll(async () => {
  await Promise.all(dbs.map((db) => db.close()));
  await schema?.drop();
});

describe('PinPadKeyStore on PostgreSQL', () => {
  it('issued at one instance, opened at the other for its own kiosk only; concurrent confirmations: one wins, one key active', async () => {
    const [one, two] = dbs.map((db) => new PinPadKeyStore(db, secretKey)) as [PinPadKeyStore, PinPadKeyStore];
    const [a, b] = [randomBytes(16), randomBytes(16)];
    const tmk = Buffer.from(a.map((x, i) => x ^ (b[i] ?? 0)));
    await one.enrollMasterKey('KPG1', [a, b]);
    const issued = await one.issueWorkingKey('KPG1');
    const { key } = unwrapPinWorkingKey(tmk, issued.keyBlock);
    expect(await two.keyFor('KPG1', issued.keyId)).toEqual(key);
    expect(await two.keyFor('KPG2', issued.keyId)).toBeNull();
    const other = await two.issueWorkingKey('KPG1');
    // The first to commit retires the other key; the later confirmation finds it retired.
    const results = await Promise.allSettled([one.confirmLoaded('KPG1', issued.keyId, aesKcv(key)), two.confirmLoaded('KPG1', other.keyId, other.kcv)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'UNKNOWN_KEY' } });
    const { rows } = await (dbs[0] as Database).query<{ n: string }>("SELECT count(*) AS n FROM banking_pinpad_keys WHERE kiosk_id = 'KPG1' AND state = 'active'");
    expect(Number(rows[0]?.n)).toBe(1);
  });
});
