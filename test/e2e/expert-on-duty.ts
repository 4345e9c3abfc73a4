// An expert signed in and available, but not answering: what a customer meets when video help
// is staffed and busy — a place in the queue and an expected wait. The hub's first admin comes
// from HUB_SEED_ADMIN_* (set before the stack starts); the expert is created the way an admin
// would (POST /v1/staff/users) and goes on duty over the real signaling socket.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX } from '../../protocol/assist-values.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';

const admin = { username: 'floor-admin', password: randomBytes(12).toString('base64url'), totpSecret: newTotpSecret() };

/** Call before startStack: the hub seeds this admin at start. */
export function seedAdminEnv(): void {
  process.env.HUB_SEED_ADMIN_USERNAME = admin.username;
  process.env.HUB_SEED_ADMIN_PASSWORD = admin.password;
  process.env.HUB_SEED_ADMIN_TOTP_SECRET = admin.totpSecret;
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const login = (hubUrl: string, who: { username: string; password: string; totpSecret: string }) =>
  post<{ token: string }>(`${hubUrl}/v1/staff/login`, { username: who.username, password: who.password, totp: totpCode(who.totpSecret, Date.now()) }).then((r) => r.token);

export async function expertOnDuty(hubUrl: string): Promise<{ close(): void }> {
  const adminToken = await login(hubUrl, admin);
  const expert = { username: 'duty-expert', password: randomBytes(12).toString('base64url'), totpSecret: '' };
  const created = await post<{ totpSecret: string }>(
    `${hubUrl}/v1/staff/users`,
    { username: expert.username, displayName: 'Duty Expert', role: 'expert', password: expert.password, languages: ['zh-CN', 'en'], topics: ['accounts', 'cards', 'loans', 'payments', 'other'] },
    adminToken,
  );
  expert.totpSecret = created.totpSecret;
  const token = await login(hubUrl, expert);
  const socket = new WebSocket(`${hubUrl.replace(/^http/, 'ws')}/v1/assist/ws`, [ASSIST_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`]);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as { type: string };
      if (frame.type === 'hello') resolve();
    });
  });
  socket.send(JSON.stringify({ type: 'availability', available: true }));
  return { close: () => socket.close() };
}
