// Two hub instances (startHub → buildHub, on two ports) sharing one PostgreSQL schema, each
// with its own NATS connection: a kiosk on one and an expert on the other, as behind a load
// balancer. Needs the PostgreSQL at HUB_TEST_DATABASE_URL and the NATS (JetStream) at
// HUB_TEST_NATS_URL; `npm test` provides both (scripts/test-postgres.mjs, scripts/test-nats.mjs).
import { connect } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../start-hub.node.js';
import { createTestSchema, TEST_DATABASE_URL, TEST_NATS_URL } from '../../testing/test-databases.node.js';
import { assistConfigFromEnv } from '../assist-config.js';
import { ASSIST_CLOSE_CODES, ASSIST_PATHS } from '../../../protocol/assist-signaling.js';
import { HUB_API_PATHS } from '../../../protocol/hub-api.js';
import { enrollLocalKiosk } from '../../auth/enroll-local.node.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../../protocol/staff-api.js';
import { newTotpSecret, totpCode } from '../staff/totp.js';
import { TestSocket } from '../testing/ws-client.js';
import { assistStream } from './nats-bus.node.js';
import { dropStream } from './testing-nats.node.js';

const cleanups: (() => Promise<void>)[] = [];
let schema: string;
let a: RunningHub;
let b: RunningHub;
const sockets: TestSocket[] = [];
// This run's subjects only: other test runs may share the NATS server.
const subjectPrefix = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.`;

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
}

async function startInstance(instanceId: string, env: Record<string, string> = {}): Promise<RunningHub> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const hub = await startHub({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      auth: { mode: 'off' },
      assist: assistConfigFromEnv({
        HUB_TURN_URLS: 'stun:127.0.0.1:3478',
        HUB_ASSIST_GRACE_SEC: '20',
        // Loans must be answered within a second: the SLA test's customers are not.
        HUB_ASSIST_SLA_RULES: JSON.stringify([{ id: 'loans-1s', kind: 'answer', withinSec: 1, match: { topics: ['loans'] } }]),
      }),
      // Every instance needs the same key (it seals staff TOTP secrets in the shared database).
      secretKey: 'a'.repeat(64),
      cluster: { natsUrl: TEST_NATS_URL, instanceId, subjectPrefix, resyncMs: 1000 },
    });
    cleanups.push(() => hub.close());
    return hub;
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
  }
}

const wsOf = (hub: RunningHub) => `${hub.url.replace('http', 'ws')}${ASSIST_PATHS.socket}`;
const track = (socket: TestSocket) => {
  sockets.push(socket);
  return socket;
};
let adminToken: string;
let uniq = 0;

/** An expert created over HTTP on instance A (the database is shared), logged in on `on`. */
async function expertOn(on: RunningHub, name: string): Promise<{ socket: TestSocket; staffId: string; token: string }> {
  uniq += 1;
  const body = { username: `${name.toLowerCase().replace(/[^a-z]/g, '')}.${uniq}.${Date.now().toString(36)}`, displayName: name, role: 'expert', password: 'expert password 123', languages: ['zh-CN'], topics: ['cards'] };
  const created = await post(`${a.url}${ASSIST_PATHS.staffUsers}`, body, adminToken);
  expect(created.status).toBe(201);
  const { totpSecret, staff } = createStaffResponseSchema.parse(await created.json());
  const login = await post(`${on.url}${ASSIST_PATHS.staffLogin}`, { username: body.username, password: body.password, totp: totpCode(totpSecret, Date.now()) });
  expect(login.status).toBe(200);
  const { token } = staffLoginResponseSchema.parse(await login.json());
  const socket = track(await TestSocket.staff(wsOf(on), token));
  await socket.next('hello');
  socket.send({ type: 'availability', available: true });
  await socket.next('expert.state', (m) => m.state === 'available');
  return { socket, staffId: staff.staffId, token };
}

async function kioskOn(on: RunningHub, kioskId = `K-${Date.now().toString(36)}-${++uniq}`): Promise<{ socket: TestSocket; kioskId: string }> {
  const socket = track(await TestSocket.kiosk(wsOf(on), kioskId));
  await socket.next('hello');
  return { socket, kioskId };
}

const HELP = { type: 'help.request', language: 'zh-CN', topic: 'cards', flags: { vip: false, elderly: false }, journeyStep: 'card-replacement/start' };

beforeAll(async () => {
  const created = await createTestSchema();
  schema = created.schema;
  cleanups.push(created.drop);
  // This run's JetStream stream goes with it.
  cleanups.push(() => dropStream(subjectPrefix));
  const adminSecret = newTotpSecret();
  a = await startInstance('A', { HUB_SEED_ADMIN_USERNAME: 'admin', HUB_SEED_ADMIN_PASSWORD: 'cluster admin password', HUB_SEED_ADMIN_TOTP_SECRET: adminSecret });
  b = await startInstance('B');
  const login = await post(`${a.url}${ASSIST_PATHS.staffLogin}`, { username: 'admin', password: 'cluster admin password', totp: totpCode(adminSecret, Date.now()) });
  adminToken = staffLoginResponseSchema.parse(await login.json()).token;
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close().catch(() => undefined)));
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms))]);
}

describe('two hub instances, one truth', () => {
  it('lets an expert on B take a kiosk on A: waiting, accept, offer/answer/ICE both ways, hang-up on both', async () => {
    expect([a.instanceId, b.instanceId]).toEqual(['A', 'B']);
    const expert = await expertOn(b, 'Li Wei');
    const kiosk = await kioskOn(a);
    kiosk.socket.send(HELP);
    // A has no expert of its own: it learns of the one on B (presence), so it can promise a wait.
    const { requestId, position } = await kiosk.socket.next('queue.position', (m) => m.nobodyAvailable === false);
    expect(position).toBe(1);
    // B learns of the customer through NATS and reads it from PostgreSQL.
    await expert.socket.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId && r.kioskId === kiosk.kioskId));

    expert.socket.send({ type: 'accept', requestId });
    const started = await expert.socket.next('call.started');
    const assigned = await kiosk.socket.next('call.assigned');
    expect(assigned).toMatchObject({ sessionId: started.sessionId, requestId, expert: { displayName: 'Li Wei' }, resumed: false });
    const { sessionId } = started;

    expert.socket.send({ type: 'signal', sessionId, data: { type: 'offer', sdp: 'v=0 offer' } });
    expect((await kiosk.socket.next('signal')).data).toEqual({ type: 'offer', sdp: 'v=0 offer' });
    kiosk.socket.send({ type: 'signal', sessionId, data: { type: 'answer', sdp: 'v=0 answer' } });
    expect((await expert.socket.next('signal')).data).toEqual({ type: 'answer', sdp: 'v=0 answer' });
    for (let i = 0; i < 5; i++) {
      kiosk.socket.send({ type: 'signal', sessionId, data: { candidate: { candidate: `candidate:k${i}`, sdpMid: '0' } } });
      expert.socket.send({ type: 'signal', sessionId, data: { candidate: { candidate: `candidate:e${i}`, sdpMid: '0' } } });
    }
    for (let i = 0; i < 5; i++) {
      expect((await expert.socket.next('signal')).data).toEqual({ candidate: { candidate: `candidate:k${i}`, sdpMid: '0' } });
      expect((await kiosk.socket.next('signal')).data).toEqual({ candidate: { candidate: `candidate:e${i}`, sdpMid: '0' } });
    }
    // Relay time across instances, one signal at a time (kiosk on A → call on B → expert on B
    // and back); 40, inside the per-socket burst allowance (60, refilled at 20/s).
    const rtts: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      kiosk.socket.send({ type: 'signal', sessionId, data: { ping: i } });
      await expert.socket.next('signal', (m) => m.data.ping === i);
      expert.socket.send({ type: 'signal', sessionId, data: { pong: i } });
      await kiosk.socket.next('signal', (m) => m.data.pong === i);
      rtts.push(performance.now() - t0);
    }
    rtts.sort((x, y) => x - y);
    console.log(`signal round trip kiosk(A) → expert(B) → kiosk(A), 40 sequential: median ${rtts[20]!.toFixed(2)} ms, max ${rtts[39]!.toFixed(2)} ms`);
    // A session id the kiosk is not part of is refused on A, as on one instance.
    kiosk.socket.send({ type: 'signal', sessionId: globalThis.crypto.randomUUID(), data: { x: 1 } });
    expect((await kiosk.socket.next('error')).code).toBe('NOT_IN_SESSION');

    kiosk.socket.send({ type: 'call.end', sessionId, reason: 'completed' });
    expect(await expert.socket.next('call.end')).toMatchObject({ sessionId, reason: 'completed' });
    expect(await kiosk.socket.next('call.end')).toMatchObject({ sessionId, reason: 'completed' });

    // The history, written by both instances, tells one story.
    await expect.poll(async () => (await sql<{ status: string; outcome: string }>('SELECT status, outcome FROM assist_requests WHERE request_id = $1', [requestId]))[0]).toEqual({ status: 'closed', outcome: 'served' });
    const [session] = await sql<{ end_reason: string }>('SELECT end_reason FROM assist_sessions WHERE session_id = $1', [sessionId]);
    expect(session?.end_reason).toBe('completed');
    expect(await sql('SELECT * FROM assist_queue')).toEqual([]);
  });

  it('keeps one line across instances: kiosks on A and B get places 1 and 2; a cancel on B moves A’s', async () => {
    const first = await kioskOn(a);
    const second = await kioskOn(b);
    first.socket.send(HELP);
    const one = await first.socket.next('queue.position');
    expect(one.position).toBe(1);
    second.socket.send(HELP);
    expect((await second.socket.next('queue.position')).position).toBe(2);
    // Asking twice is refused: one request per kiosk.
    second.socket.send(HELP);
    expect((await second.socket.next('error')).code).toBe('ALREADY_WAITING');
    // Cancel the first on A: the second, on B, moves up.
    first.socket.send({ type: 'help.cancel' });
    expect(await first.socket.next('help.closed')).toMatchObject({ requestId: one.requestId, reason: 'cancelled' });
    await second.socket.next('queue.position', (m) => m.position === 1);
    second.socket.send({ type: 'help.cancel' });
    await second.socket.next('help.closed');
  });

  it('gives a customer to one of two experts accepting at once on A and B, 10 rounds out of 10', async () => {
    const onA = await expertOn(a, 'Expert A');
    const onB = await expertOn(b, 'Expert B');
    const wins = { A: 0, B: 0 };
    for (let round = 0; round < 10; round++) {
      const kiosk = await kioskOn(round % 2 ? a : b);
      kiosk.socket.send(HELP);
      const { requestId } = await kiosk.socket.next('queue.position');
      await onA.socket.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId));
      await onB.socket.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId));
      onA.socket.send({ type: 'accept', requestId });
      onB.socket.send({ type: 'accept', requestId });
      const outcome = (s: TestSocket) =>
        Promise.race([s.next('call.started').then((m) => ({ won: true as const, sessionId: m.sessionId })), s.next('error', (e) => e.about === 'accept').then((e) => ({ won: false as const, code: e.code }))]);
      const [ra, rb] = await Promise.all([outcome(onA.socket), outcome(onB.socket)]);
      const winners = [ra, rb].filter((r) => r.won);
      expect(winners).toHaveLength(1);
      const loser = [ra, rb].find((r) => !r.won) as { code: string };
      expect(loser.code).toBe('UNKNOWN_REQUEST');
      const assigned = await kiosk.socket.next('call.assigned');
      const winner = ra.won ? onA : onB;
      wins[ra.won ? 'A' : 'B'] += 1;
      expect(assigned.sessionId).toBe((winners[0] as { sessionId: string }).sessionId);
      expect(kiosk.socket.all('call.assigned')).toEqual([]);
      winner.socket.send({ type: 'call.end', sessionId: assigned.sessionId, reason: 'completed' });
      await kiosk.socket.next('call.end');
      await winner.socket.next('call.end');
      await kiosk.socket.close();
    }
    const sessions = await sql<{ n: string }>('SELECT count(*)::text AS n FROM assist_sessions s JOIN assist_requests r USING (request_id) WHERE r.journey_step = $1', [HELP.journeyStep]);
    expect(Number(sessions[0]?.n)).toBeGreaterThanOrEqual(10);
    expect(wins.A + wins.B).toBe(10);
  });

  it('shows a supervisor on B the experts of A with their state (presence)', async () => {
    const onA = await expertOn(a, 'Sun Li');
    const supervisor = track(await TestSocket.staff(wsOf(b), adminToken));
    await supervisor.next('hello');
    supervisor.send({ type: 'supervisor.snapshot' });
    await expect
      .poll(async () => {
        supervisor.send({ type: 'supervisor.snapshot' });
        const snap = await supervisor.next('supervisor.snapshot');
        return snap.experts.find((e) => e.staffId === onA.staffId)?.state;
      })
      .toBe('available');
    await onA.socket.close();
    await expect
      .poll(async () => {
        supervisor.send({ type: 'supervisor.snapshot' });
        const snap = await supervisor.next('supervisor.snapshot');
        return snap.experts.find((e) => e.staffId === onA.staffId)?.state;
      })
      .toBe('reconnecting');
  });

  it('shows a supervisor on B the SLA breach of a customer waiting on A (and the JetStream stream keeps it)', async () => {
    const supervisor = track(await TestSocket.staff(wsOf(b), adminToken));
    await supervisor.next('hello');
    const kiosk = await kioskOn(a);
    kiosk.socket.send({ ...HELP, topic: 'loans' });
    const { requestId } = await kiosk.socket.next('queue.position');
    const { breach } = await supervisor.next('sla.breach', (m) => m.breach.requestId === requestId, 10_000);
    expect(breach).toMatchObject({ kioskId: kiosk.kioskId, ruleId: 'loans-1s', kind: 'answer' });
    // Stored in JetStream too, for whoever reads the stream later.
    const nc = await connect({ servers: TEST_NATS_URL });
    try {
      const stored = await (await nc.jetstreamManager()).streams.getMessage(assistStream(subjectPrefix).name, { last_by_subj: `${subjectPrefix}assist.durable.sla.breach` });
      expect(stored.json<{ from: string; breach: { requestId: string } }>()).toMatchObject({ from: 'A', breach: { requestId } });
    } finally {
      await nc.close();
    }
    kiosk.socket.send({ type: 'help.cancel' });
    await kiosk.socket.next('help.closed');
  });

  it('resumes a call when the kiosk’s socket drops on A and comes back on B, signaling going on', async () => {
    const expert = await expertOn(a, 'Wang Fang');
    const first = await kioskOn(a);
    first.socket.send(HELP);
    const { requestId } = await first.socket.next('queue.position');
    await expert.socket.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId));
    expert.socket.send({ type: 'accept', requestId });
    const { sessionId } = await first.socket.next('call.assigned');
    await first.socket.close();
    expect(await expert.socket.next('peer.state')).toMatchObject({ sessionId, state: 'reconnecting' });

    const moved = await kioskOn(b, first.kioskId);
    expect(await moved.socket.next('call.assigned')).toMatchObject({ sessionId, resumed: true });
    expect(await expert.socket.next('peer.state')).toMatchObject({ sessionId, state: 'connected' });
    moved.socket.send({ type: 'signal', sessionId, data: { type: 'offer', sdp: 'renegotiate' } });
    expect((await expert.socket.next('signal')).data).toEqual({ type: 'offer', sdp: 'renegotiate' });
    expert.socket.send({ type: 'signal', sessionId, data: { type: 'answer', sdp: 'ok' } });
    expect((await moved.socket.next('signal')).data).toEqual({ type: 'answer', sdp: 'ok' });
    expert.socket.send({ type: 'call.end', sessionId, reason: 'completed' });
    expect(await moved.socket.next('call.end')).toMatchObject({ sessionId, reason: 'completed' });
  });

  it('a logout on A closes the expert’s socket on B at once (not at its next session re-check, 15 s later)', async () => {
    const expert = await expertOn(b, 'Zhou Jie');
    const loggedOutAt = Date.now();
    const logout = await post(`${a.url}${ASSIST_PATHS.staffLogout}`, {}, expert.token);
    expect(logout.status).toBe(204);
    expect((await within(expert.socket.closed, 5000, 'the logged-out expert’s socket on B to close')).code).toBe(ASSIST_CLOSE_CODES.sessionExpired);
    expect(Date.now() - loggedOutAt).toBeLessThan(3000);
  });

  it('revoking on A a kiosk whose socket is on B closes it there and drops its waiting request', async () => {
    const expert = await expertOn(a, 'Wu Lei');
    const kiosk = await kioskOn(b);
    await enrollLocalKiosk(a, kiosk.kioskId);
    kiosk.socket.send({ ...HELP, flags: { vip: true, elderly: false } });
    const { requestId } = await kiosk.socket.next('queue.position');
    await expert.socket.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId));
    const revoked = await post(`${a.url}${HUB_API_PATHS.adminRevokeKiosk.replace(':kioskId', kiosk.kioskId)}`, {}, adminToken);
    expect(revoked.status).toBe(200);
    expect((await within(kiosk.socket.closed, 5000, 'the revoked kiosk’s socket on B to close')).code).toBe(ASSIST_CLOSE_CODES.revoked);
    await expert.socket.next('queue.snapshot', (m) => !m.requests.some((r) => r.requestId === requestId));
    // The mirrors drop the request at once; the shared room's DELETE commits a moment later.
    await expect.poll(() => sql('SELECT request_id FROM assist_queue WHERE request_id = $1', [requestId]), { timeout: 5000 }).toEqual([]);
  });

  it('transfers a call on A to an expert connected to B, who alone may take the customer', async () => {
    const from = await expertOn(a, 'Xu Ming');
    const to = await expertOn(b, 'He Yan');
    const kiosk = await kioskOn(a);
    kiosk.socket.send(HELP);
    const { requestId } = await kiosk.socket.next('queue.position');
    await from.socket.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId));
    from.socket.send({ type: 'accept', requestId });
    const { sessionId } = await from.socket.next('call.started');
    await kiosk.socket.next('call.assigned', (m) => m.sessionId === sessionId);
    // A knows of B's expert only through presence (B announces it on every change); under load
    // that can land after the accept, so wait until A's roster has them, as a supervisor on A sees it.
    const watcher = track(await TestSocket.staff(wsOf(a), adminToken));
    await watcher.next('hello');
    await expect
      .poll(async () => {
        watcher.send({ type: 'supervisor.snapshot' });
        return (await watcher.next('supervisor.snapshot')).experts.find((e) => e.staffId === to.staffId)?.state;
      })
      .toBe('available');
    await watcher.close();
    from.socket.send({ type: 'transfer', sessionId, to: to.staffId, note: 'needs He Yan' });
    expect(await kiosk.socket.next('call.end', (m) => m.sessionId === sessionId)).toMatchObject({ reason: 'transferred' });
    // Snapshots from before the accept (B's mirror may have shown the request waiting) carry no transfer.
    const offered = await to.socket.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId && r.transfer !== undefined));
    expect(offered.requests.find((r) => r.requestId === requestId)?.transfer).toMatchObject({ to: to.staffId, note: 'needs He Yan' });
    to.socket.send({ type: 'accept', requestId });
    const started = await to.socket.next('call.started');
    expect(started.request.requestId).toBe(requestId);
    expect(await kiosk.socket.next('call.assigned', (m) => m.sessionId === started.sessionId)).toMatchObject({ requestId });
    to.socket.send({ type: 'call.end', sessionId: started.sessionId, reason: 'completed' });
    await kiosk.socket.next('call.end', (m) => m.sessionId === started.sessionId);
  });
});
