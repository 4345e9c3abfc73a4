// `npm run hub` as a real process: configured from the environment, says where it
// listens, and exits cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ADMIN_TOKEN } from './testing/kiosk-auth.js';
import { fetchTrusting, makeSelfSignedCertificate } from './testing/tls.node.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function runHub(env: Record<string, string>): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.node.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => lines.push(line));
  }
  return { child, lines };
}

async function waitForLine(lines: string[], pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = lines.find((l) => pattern.test(l));
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no line matching ${pattern}; got:\n${lines.join('\n')}`);
}

it('listens where it says, answers /health and stops cleanly on SIGTERM', async () => {
  const { child, lines } = runHub({ HUB_PORT: '0', HUB_HOST: '127.0.0.1', HUB_DATA_DIR: 'memory://', DATABASE_URL: '' });
  try {
    const listening = JSON.parse(await waitForLine(lines, /hub listening/)) as { url: string; db: string };
    expect(listening.db).toBe('pglite');
    const res = await fetch(`${listening.url}/health`);
    expect(res.status).toBe(200);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(lines.some((l) => l.includes('hub stopping'))).toBe(true);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

it.each([
  ['HUB_PORT', { HUB_PORT: 'eighty' }],
  ['HUB_ADMIN_TOKEN', { HUB_ADMIN_TOKEN: 'too-short' }],
  ['HUB_AUTH', { HUB_AUTH: 'disabled' }],
  ['HUB_TLS_KEY', { HUB_TLS_CERT: '/etc/hub/cert.pem' }],
  // Several instances share PostgreSQL: NATS without DATABASE_URL is a mistake, said at start.
  ['HUB_NATS_URL', { HUB_NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: '' }],
  ['HUB_INSTANCE_ID', { HUB_INSTANCE_ID: 'two words' }],
])('refuses an invalid environment with exit code 2 and names %s', async (variable, env) => {
  const { child, lines } = runHub({ HUB_DATA_DIR: 'memory://', ...env });
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(2);
  expect(lines.join('\n')).toContain(variable);
});

it('refuses HUB_AUTH=off on a non-loopback host, and says why', async () => {
  const { child, lines } = runHub({ HUB_AUTH: 'off', HUB_HOST: '0.0.0.0', HUB_PORT: '0', HUB_DATA_DIR: 'memory://', DATABASE_URL: '' });
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(1);
  expect(lines.join('\n')).toMatch(/auth off is for local development/);
});

it('serves HTTPS from HUB_TLS_CERT/HUB_TLS_KEY and takes the admin token from HUB_ADMIN_TOKEN', async () => {
  const cert = await makeSelfSignedCertificate();
  const { child, lines } = runHub({
    HUB_PORT: '0',
    HUB_HOST: '127.0.0.1',
    HUB_DATA_DIR: 'memory://',
    DATABASE_URL: '',
    HUB_TLS_CERT: cert.certPath,
    HUB_TLS_KEY: cert.keyPath,
    HUB_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  try {
    const listening = JSON.parse(await waitForLine(lines, /hub listening/)) as { url: string; auth: string };
    expect(listening).toMatchObject({ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), auth: 'on' });
    const trusted = fetchTrusting(cert.cert);
    const issue = (token: string) =>
      trusted(`${listening.url}/v1/admin/enrollment-codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ kioskId: 'K01' }),
      });
    expect((await issue(ADMIN_TOKEN)).status).toBe(201);
    expect((await issue(`${ADMIN_TOKEN}x`)).status).toBe(401);
    expect(lines.join('\n')).not.toContain(ADMIN_TOKEN);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await cert.dispose();
  }
});
