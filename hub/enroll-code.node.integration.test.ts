// The enrollment-code CLI: straight into the database, or through a running hub's admin API.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKioskKeyPair } from '../electron/host/request-signer.js';
import { runEnrollCodeCli } from './auth/enroll-code-cli.node.js';
import { startHub, type RunningHub } from './start-hub.node.js';
import { ADMIN_TOKEN, TEST_TOKENS } from './testing/kiosk-auth.js';
import { uniqueKioskId } from './testing/transaction-items.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ exit: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const exit = await runEnrollCodeCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { exit, out, err };
}

async function enroll(hub: RunningHub, kioskId: string, code: string): Promise<number> {
  const res = await fetch(`${hub.url}/v1/kiosks/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kioskId, code, publicKey: generateKioskKeyPair().publicKey }),
  });
  return res.status;
}

let dataDir: string;
let hub: RunningHub;
let directCode: { kioskId: string; code: string };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-enroll-cli-'));
  // Embedded database: the code is written while no hub has the directory open.
  const kioskId = uniqueKioskId();
  const direct = await cli([kioskId, '--ttl-hours', '2'], { HUB_DATA_DIR: dataDir });
  expect(direct.exit).toBe(0);
  expect(direct.err.join('\n')).toMatch(new RegExp(`kiosk ${kioskId}, single use, expires`));
  directCode = { kioskId, code: direct.out[0] ?? '' };
  hub = await startHub({ port: 0, host: '127.0.0.1', dataDir, auth: { tokens: TEST_TOKENS } });
});
afterAll(async () => {
  await hub?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('enroll-code', () => {
  it('prints only the code on stdout; written to the database, it enrolls once', async () => {
    expect(directCode.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(await enroll(hub, directCode.kioskId, directCode.code)).toBe(201);
    expect(await enroll(hub, directCode.kioskId, directCode.code)).toBe(403);
  });

  it('asks a running hub when HUB_URL is set', async () => {
    const kioskId = uniqueKioskId();
    const viaHub = await cli([kioskId], { HUB_URL: hub.url, HUB_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(viaHub.exit).toBe(0);
    expect(await enroll(hub, kioskId, viaHub.out[0] ?? '')).toBe(201);
  });

  it('names the branch the kiosk is enrolled for with --branch', async () => {
    const kioskId = uniqueKioskId();
    const viaHub = await cli([kioskId, '--branch', 'B-031'], { HUB_URL: hub.url, HUB_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(viaHub.exit).toBe(0);
    expect(viaHub.err.join('\n')).toMatch(/for branch B-031/);
    expect(await enroll(hub, kioskId, viaHub.out[0] ?? '')).toBe(201);
    expect((await cli([kioskId, '--branch', ''], {})).exit).toBe(2);
  });

  it('fails with exit 1 on a wrong admin token, and 2 on bad usage', async () => {
    const denied = await cli(['K01'], { HUB_URL: hub.url, HUB_ADMIN_TOKEN: 'wrong' });
    expect([denied.exit, denied.out]).toEqual([1, []]);
    expect(denied.err.join('\n')).toMatch(/hub answered 401/);
    for (const argv of [[], ['K 01'], ['K01', 'K02'], ['K01', '--ttl-hours', '0'], ['K01', '--ttl-hours', '169'], ['K01', '--bogus']]) {
      expect((await cli(argv, {})).exit).toBe(2);
    }
  });

  it('runs as a script', async () => {
    const kioskId = uniqueKioskId();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'hub/enroll-code.node.ts', kioskId], {
      cwd: repoRoot,
      env: { ...process.env, HUB_URL: hub.url, HUB_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    expect(await enroll(hub, kioskId, stdout.trim())).toBe(201);
  });
});
