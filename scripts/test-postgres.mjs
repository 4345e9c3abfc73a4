// PostgreSQL for the hub's tests. The tests read HUB_TEST_DATABASE_URL (default: the server
// at 127.0.0.1:5432, database `test`). When nothing answers there, we provide a throwaway
// cluster the way the other prerequisites are provided: as root, install the server package,
// `initdb` a private cluster in a temp dir and start it on a free loopback port; otherwise
// stop with the exact commands — never a wall of connection errors from 10 test files.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** True when a PostgreSQL server accepts a connection and a query at `url`. */
export async function postgresAnswers(url, timeoutMs = 3000) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function serverBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

const manualHelp = (url) =>
  [
    `No PostgreSQL answers at ${url} (the hub's tests need one).`,
    'Either start one there, e.g.:',
    '  sudo apt-get install -y postgresql && sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    '  sudo -u postgres createdb test   # and allow trust auth for 127.0.0.1, or put a password in the URL',
    'or point the tests at another server: HUB_TEST_DATABASE_URL=postgres://user:pass@host:port/db npm test',
    'or run `npm test` as root, which provides a throwaway cluster itself.',
  ].join('\n');

/**
 * Makes sure the tests have a PostgreSQL. Returns `{ url, stop }` (stop() removes a throwaway
 * cluster; a no-op for an existing server) or null after printing what to do.
 */
export async function ensureTestPostgres({
  url = process.env.HUB_TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL,
  // A URL the user chose is never replaced by a throwaway cluster.
  mayProvide = !process.env.HUB_TEST_DATABASE_URL,
  log = console.log,
} = {}) {
  if (await postgresAnswers(url)) return { url, stop: () => undefined, provided: false };
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !mayProvide) {
    console.error(manualHelp(url));
    return null;
  }
  let bin = serverBinDir();
  if (!bin) {
    log('Installing PostgreSQL for the hub tests (apt-get install postgresql)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
    bin = serverBinDir();
    if (!bin) {
      console.error('postgresql was installed but no initdb was found under /usr/lib/postgresql/*/bin');
      return null;
    }
  }
  // initdb refuses to run as root: the cluster belongs to the `postgres` user the package creates.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-pg-'));
  const data = path.join(dir, 'data');
  const pgUid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const pgGid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, pgUid, pgGid);
  const asPostgres = (cmd, args) => {
    const r = spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${(r.stderr || r.stdout || '').trim()}`);
  };
  const port = await freePort();
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  // fsync off: a throwaway cluster for tests, never a durability claim.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  asPostgres('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'test']);
  const provided = `postgres://postgres@127.0.0.1:${port}/test`;
  log(`Started a throwaway PostgreSQL for the tests at ${provided} (${dir})`);
  const stop = () => {
    spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: provided, stop, provided: true };
}
