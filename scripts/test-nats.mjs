// NATS for the hub's multi-instance tests. The tests read HUB_TEST_NATS_URL (default: the
// server at 127.0.0.1:4222). When nothing answers there, we start a throwaway nats-server the
// way scripts/test-postgres.mjs provides PostgreSQL: JetStream on, a temp store directory, a
// free loopback port — installing the package first as root when it is missing; otherwise we
// stop with the exact commands.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_TEST_NATS_URL = 'nats://127.0.0.1:4222';

/** True when a NATS server at `url` greets a TCP client with its INFO line, JetStream on. */
export function natsAnswers(url, timeoutMs = 3000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 4222) });
    let text = '';
    const done = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (!text.includes('\r\n')) return;
      const match = /^INFO (\{.*\})/.exec(text);
      try {
        done(match !== null && JSON.parse(match[1]).jetstream === true);
      } catch {
        done(false);
      }
    });
    socket.on('error', () => done(false));
  });
}

function natsServerBin() {
  for (const candidate of ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']) if (existsSync(candidate)) return candidate;
  return null;
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

const manualHelp = (url) =>
  [
    `No NATS server with JetStream answers at ${url} (the tests of several hub instances need one).`,
    'Either start one there, e.g.:',
    '  sudo apt-get install -y nats-server && nats-server -js -a 127.0.0.1 -p 4222 -sd /tmp/nats-js &',
    'or point the tests at another server: HUB_TEST_NATS_URL=nats://host:port npm test',
    'or run `npm test` as root, which provides a throwaway server itself.',
  ].join('\n');

/**
 * Makes sure the tests have NATS with JetStream. Returns `{ url, stop, provided }` (stop()
 * ends a throwaway server and removes its store; a no-op for an existing one) or null after
 * printing what to do.
 */
export async function ensureTestNats({
  url = process.env.HUB_TEST_NATS_URL ?? DEFAULT_TEST_NATS_URL,
  // A URL the user chose is never replaced by a throwaway server.
  mayProvide = !process.env.HUB_TEST_NATS_URL,
  log = console.log,
} = {}) {
  if (await natsAnswers(url)) return { url, stop: () => undefined, provided: false };
  let bin = natsServerBin();
  const isRoot = process.getuid?.() === 0;
  if (!mayProvide || (!bin && !isRoot)) {
    console.error(manualHelp(url));
    return null;
  }
  if (!bin) {
    log('Installing nats-server for the hub tests (apt-get install nats-server)');
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'nats-server'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    bin = natsServerBin();
    if (!bin) {
      console.error('nats-server was installed but no binary was found');
      return null;
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-nats-'));
  const port = await freePort();
  const child = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: 'ignore', detached: false });
  const provided = `nats://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (await natsAnswers(provided, 500)) {
      log(`Started a throwaway NATS (JetStream) for the tests at ${provided} (${dir})`);
      return { url: provided, stop, provided: true };
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
  console.error(`nats-server did not start on ${provided}`);
  return null;
}
