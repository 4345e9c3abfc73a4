import pg from 'pg';
import { openPostgres } from '../../hub/storage/postgres.node.js';
import { createHubStore } from '../../hub/storage/hub-store.js';
import { createAuthStore } from '../../hub/storage/auth-store.js';
import { watchPostgresCpu } from './process-stats.node.js';
import { randomBytes } from 'node:crypto';
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
await admin.connect();
const name = `zz_pgmicro_${process.pid}`;
await admin.query(`CREATE DATABASE ${name}`);
const url = `postgres://postgres@127.0.0.1:5432/${name}`;
try {
  const db = await openPostgres({ connectionString: url });
  const store = await createHubStore(db);
  await createAuthStore(db);
  for (let i = 0; i < 200; i++) await store.registerKiosk({ kioskId: `K-${i}`, branchId: `BR-${i >> 2}`, version: 'x' } as never);
  await db.query(`INSERT INTO kiosk_keys (kiosk_id, public_key, enrolled_at) SELECT kiosk_id, 'pk', now() FROM kiosks`).catch((e) => console.log('keys', e.message));
  const c = new pg.Client({ connectionString: url + '?options=-c%20synchronous_commit%3Doff' });
  await c.connect();
  const src = await import('../../hub/storage/change-queries.js');
  const PULL = (src as unknown as { PULL_SQL?: string }).PULL_SQL;
  const pullSql = PULL ?? (await import('node:fs')).readFileSync('hub/storage/change-queries.ts', 'utf8').split('const PULL_SQL = `')[1]!.split('`;')[0]!;
  const NONCE = `INSERT INTO kiosk_request_nonces (kiosk_id, nonce, expires_at)
     SELECT $1, $2, $3 FROM kiosk_keys WHERE kiosk_id = $1 AND public_key = $4
     ON CONFLICT DO NOTHING RETURNING nonce`;
  const N = 3000;
  async function run(label: string, named: boolean) {
    const w = watchPostgresCpu(); const t0 = performance.now(); const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) {
      const k = `K-${i % 200}`;
      await c.query(named ? { name: 'pull1', text: pullSql, values: [k, 0, 101] } : { text: pullSql, values: [k, 0, 101] });
      await c.query(named ? { name: 'nonce1', text: NONCE, values: [k, randomBytes(16).toString('base64url'), new Date(Date.now() + 300000).toISOString(), 'pk'] } : { text: NONCE, values: [k, randomBytes(16).toString('base64url'), new Date(Date.now() + 300000).toISOString(), 'pk'] });
    }
    const cu = process.cpuUsage(c0);
    console.log(label, 'pg CPU', ((w.stop() ?? 0) / N).toFixed(3), 'ms per pull+nonce; client CPU', ((cu.user + cu.system) / 1000 / N).toFixed(3), 'wall', ((performance.now() - t0) / N).toFixed(3));
  }
  for (let r = 0; r < 3; r++) { await run('unnamed', false); await run('named  ', true); }
  const ex = await c.query(`EXPLAIN (ANALYZE, SUMMARY) ${pullSql.replaceAll('$1', "'K-1'").replaceAll('$2', '0').replaceAll('$3', '101')}`);
  console.log(ex.rows.map((r) => r['QUERY PLAN']).filter((l: string) => /Planning|Execution/.test(l)).join('\n'));
  await c.end(); await db.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await admin.end();
}
