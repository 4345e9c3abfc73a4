// Remote assistance through the real hub wiring (startHub → buildHub) on PostgreSQL: the
// first admin from HUB_SEED_ADMIN_*, an expert created over HTTP, and a call over sockets.
import { afterAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../start-hub.node.js';
import { createTestSchema, TEST_DATABASE_URL } from '../testing/test-databases.node.js';
import { assistConfigFromEnv } from './assist-config.js';
import { ASSIST_PATHS, ASSIST_PROTOCOL } from '../../protocol/assist-signaling.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { newTotpSecret, totpCode } from './staff/totp.js';
import { TestSocket } from './testing/ws-client.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function hubOnFreshSchema(mode: 'on' | 'off', env: Record<string, string> = {}): Promise<RunningHub> {
  const { schema, drop } = await createTestSchema();
  cleanups.push(drop);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const hub = await startHub({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      auth: { mode },
      assist: assistConfigFromEnv({ HUB_TURN_URLS: 'stun:127.0.0.1:3478' }),
    });
    cleanups.push(() => hub.close());
    return hub;
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
  }
}

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
}

describe('remote assistance in the hub', () => {
  it('seeds an admin, who creates an expert, who takes a kiosk’s call', async () => {
    const adminSecret = newTotpSecret();
    const hub = await hubOnFreshSchema('off', {
      HUB_SEED_ADMIN_USERNAME: 'admin',
      HUB_SEED_ADMIN_PASSWORD: 'integration admin password',
      HUB_SEED_ADMIN_TOTP_SECRET: adminSecret,
    });
    const adminLogin = await post(`${hub.url}${ASSIST_PATHS.staffLogin}`, { username: 'admin', password: 'integration admin password', totp: totpCode(adminSecret, Date.now()) });
    expect(adminLogin.status).toBe(200);
    const adminToken = staffLoginResponseSchema.parse(await adminLogin.json()).token;

    const expertBody = { username: 'li.wei', displayName: 'Li Wei', role: 'expert', password: 'expert password 123', languages: ['zh-CN'], topics: ['cards'] };
    const created = await post(`${hub.url}${ASSIST_PATHS.staffUsers}`, expertBody, adminToken);
    expect(created.status).toBe(201);
    const { totpSecret } = createStaffResponseSchema.parse(await created.json());
    const expertLogin = await post(`${hub.url}${ASSIST_PATHS.staffLogin}`, { username: 'li.wei', password: expertBody.password, totp: totpCode(totpSecret, Date.now()) });
    const expertToken = staffLoginResponseSchema.parse(await expertLogin.json()).token;

    const wsUrl = `${hub.url.replace('http', 'ws')}${ASSIST_PATHS.socket}`;
    const expert = await TestSocket.staff(wsUrl, expertToken);
    const kiosk = await TestSocket.kiosk(wsUrl, 'K-hub-1');
    try {
      expert.send({ type: 'availability', available: true });
      kiosk.send({ type: 'help.request', language: 'zh-CN', topic: 'cards', flags: { vip: true, elderly: false }, journeyStep: 'card-replacement/start' });
      const { requestId } = await kiosk.next('queue.position');
      await expert.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId && r.priorityClass === 'vip'));
      expert.send({ type: 'accept' });
      const assigned = await kiosk.next('call.assigned');
      expect(assigned).toMatchObject({ requestId, expert: { displayName: 'Li Wei' }, iceServers: [{ urls: ['stun:127.0.0.1:3478'] }] });
      expert.send({ type: 'signal', sessionId: assigned.sessionId, data: { type: 'offer', sdp: 'x' } });
      expect((await kiosk.next('signal')).data.type).toBe('offer');
    } finally {
      await Promise.all([kiosk.close(), expert.close()]);
    }
  });

  it('refuses a kiosk naming itself when authentication is on', async () => {
    const hub = await hubOnFreshSchema('on');
    const wsUrl = `${hub.url.replace('http', 'ws')}${ASSIST_PATHS.socket}?kioskId=K-hub-2`;
    await expect(TestSocket.open(wsUrl, [ASSIST_PROTOCOL])).rejects.toThrow(/401/);
  });
});
