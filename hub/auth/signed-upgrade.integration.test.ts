// The kiosk's signaling socket with authentication on: a signed upgrade gets in, an unsigned,
// replayed or foreign-key one does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signRequest } from '../../electron/host/request-signer.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { startHub, type RunningHub } from '../start-hub.node.js';
import { enrollLocalKiosk } from './enroll-local.node.js';
import { ASSIST_PROTOCOL } from '../../protocol/assist-values.js';

let hub: RunningHub;
let credentials: KioskCredentials;
let other: KioskCredentials;

beforeAll(async () => {
  hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: 'memory://' });
  credentials = await enrollLocalKiosk(hub, 'K41');
  other = await enrollLocalKiosk(hub, 'K42');
}, 60_000);
afterAll(() => hub?.close());

const wsUrl = () => `${hub.url.replace('http', 'ws')}/v1/assist/ws`;

function open(headers: Record<string, string>): Promise<{ status: number | null; first?: unknown }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl(), [ASSIST_PROTOCOL], { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? null }));
    ws.on('message', (data) => {
      resolve({ status: 101, first: JSON.parse(data.toString()) });
      ws.close();
    });
    ws.on('error', () => resolve({ status: null }));
  });
}

describe('signed kiosk signaling upgrade', () => {
  it('lets an enrolled kiosk in with a signed upgrade', async () => {
    const r = await open(signRequest({ method: 'GET', url: wsUrl(), credentials }));
    expect(r.status).toBe(101);
    expect(r.first).toMatchObject({ type: 'hello' });
  });

  it('refuses unsigned, replayed and wrongly signed upgrades with 401', async () => {
    expect((await open({})).status).toBe(401);
    const headers = signRequest({ method: 'GET', url: wsUrl(), credentials });
    expect((await open(headers)).status).toBe(101);
    expect((await open(headers)).status).toBe(401);
    const forged = { ...signRequest({ method: 'GET', url: wsUrl(), credentials: other }), 'x-kiosk-id': 'K41' };
    expect((await open(forged)).status).toBe(401);
  });
});
