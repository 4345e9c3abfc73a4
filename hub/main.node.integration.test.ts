// `npm run hub` as a real process: configured from the environment, says where it
// listens, and exits cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

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

it('refuses an invalid environment with exit code 2 and says which variable', async () => {
  const { child, lines } = runHub({ HUB_PORT: 'eighty', HUB_DATA_DIR: 'memory://' });
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(2);
  expect(lines.join('\n')).toMatch(/HUB_PORT/);
});
