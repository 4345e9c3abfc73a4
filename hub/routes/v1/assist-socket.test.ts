// The signaling socket over real WebSockets on loopback (`ws` clients), in-process, against
// one shared PGlite.
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ASSIST_PROTOCOL, ASSIST_LIMITS } from '../../../protocol/assist-signaling.js';
import { devKioskAuthenticator, refuseAllKiosks } from '../../assist/signaling/kiosk-authenticator.js';
import { startAssistApp, type AssistApp, type AssistAppOptions } from '../../assist/testing/assist-app.js';
import { FakeClock } from '../../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff } from '../../assist/testing/staff-fixtures.js';
import { TestSocket } from '../../assist/testing/ws-client.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { kioskAuthenticatorFor } from './assist.js';

let testDb: TestDatabase;
const apps: AssistApp[] = [];
const sockets: TestSocket[] = [];
let kioskCount = 0;

// Starting PGlite (WASM) takes ~20 s here unloaded and over a minute on a loaded 2-core
// machine: the ceiling is for that, no test depends on it.
beforeAll(async () => {
  testDb = await openTestPglite();
}, 180_000);
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => (s.ws.readyState === WebSocket.OPEN ? s.close() : undefined)));
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await testDb?.dispose();
});

async function hub(options: AssistAppOptions = {}): Promise<AssistApp> {
  const app = await startAssistApp(testDb.db, { config: { turn: { urls: ['turn:127.0.0.1:3478'], secret: 'socket-test-secret-123', ttlSec: 600 } }, ...options });
  apps.push(app);
  return app;
}

const track = (socket: TestSocket) => (sockets.push(socket), socket);
const kiosk = async (app: AssistApp) => track(await TestSocket.kiosk(app.wsUrl, `K-ws-${++kioskCount}`));

async function expert(app: AssistApp, available = true): Promise<TestSocket> {
  const who = await createTestStaff(app.assist.staffAuth);
  const socket = track(await TestSocket.staff(app.wsUrl, await loginTestStaff(app.assist.staffAuth, app.assist.clock, who)));
  await socket.next('hello');
  if (available) {
    socket.send({ type: 'availability', available: true });
    await socket.next('expert.state', (m) => m.state === 'available');
  }
  return socket;
}

const HELP = { type: 'help.request', language: 'en', topic: 'payments', flags: { vip: false, elderly: true }, journeyStep: 'bill-payment/amount' };

function upgradeStatus(url: string, protocols: string[]): Promise<number> {
  return TestSocket.open(url, protocols).then(
    (socket) => (track(socket), 101),
    (error: Error) => Number(/(\d{3})$/.exec(error.message)?.[1] ?? 0),
  );
}

describe('upgrade', () => {
  it('refuses sockets without the subprotocol, unknown kiosks and bad staff tokens', async () => {
    const app = await hub();
    expect(await upgradeStatus(`${app.wsUrl}?kioskId=K1`, [])).toBe(400);
    expect(await upgradeStatus(app.wsUrl, [ASSIST_PROTOCOL])).toBe(401);
    expect(await upgradeStatus(`${app.wsUrl}?kioskId=bad id!`, [ASSIST_PROTOCOL])).toBe(401);
    expect(await upgradeStatus(app.wsUrl, [ASSIST_PROTOCOL, 'bearer.not-a-real-session-token-at-all'])).toBe(401);
    expect(await upgradeStatus(`${app.wsUrl}?kioskId=K1`, [ASSIST_PROTOCOL])).toBe(101);
  });

  it('trusts ?kioskId= only with auth off, and otherwise uses the hub’s kiosk authenticator or refuses', async () => {
    expect(() => devKioskAuthenticator('on')).toThrow(/HUB_AUTH=off/);
    const app = await hub({ authMode: 'on' });
    expect(await upgradeStatus(`${app.wsUrl}?kioskId=K1`, [ASSIST_PROTOCOL])).toBe(401);
    const real = { verifyUpgrade: async (req: { headers: Record<string, unknown> }) => (req.headers['x-test-kiosk'] === 'K9' ? { kioskId: 'K9' } : null) };
    expect(kioskAuthenticatorFor({ ...app.assist, kioskAuthenticator: real }, 'off')).toBe(real);
    expect(kioskAuthenticatorFor(app.assist, 'on')).toBe(refuseAllKiosks);
  });
});

describe('a call over sockets', () => {
  it('relays offer and answer between kiosk and expert only, and rejects a third party', async () => {
    const app = await hub();
    const k = await kiosk(app);
    expect((await k.next('hello')).role).toBe('kiosk');
    const e = await expert(app);
    k.send(HELP);
    const { requestId } = await k.next('queue.position');
    await e.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId));
    e.send({ type: 'accept', requestId });
    const assigned = await k.next('call.assigned');
    const started = await e.next('call.started');
    expect(started.sessionId).toBe(assigned.sessionId);
    expect(assigned.iceServers).toEqual([{ urls: ['turn:127.0.0.1:3478'], username: expect.stringMatching(/^\d+:K-ws-/), credential: expect.any(String) }]);

    const { sessionId } = assigned;
    e.send({ type: 'signal', sessionId, data: { type: 'offer', sdp: 'v=0 offer' } });
    expect((await k.next('signal')).data).toEqual({ type: 'offer', sdp: 'v=0 offer' });
    k.send({ type: 'signal', sessionId, data: { type: 'answer', sdp: 'v=0 answer' } });
    expect((await e.next('signal')).data).toEqual({ type: 'answer', sdp: 'v=0 answer' });

    const intruder = await expert(app);
    intruder.send({ type: 'signal', sessionId, data: { candidate: 'candidate:evil' } });
    expect(await intruder.next('error')).toMatchObject({ code: 'NOT_IN_SESSION', about: 'signal' });
    expect(app.logs.some((line) => line.includes('refused a message for a session this party is not in'))).toBe(true);
    k.send({ type: 'ping' });
    await k.next('pong');
    expect(k.all('signal')).toEqual([]);

    k.send({ type: 'call.end', sessionId, reason: 'customer-ended' });
    expect(await e.next('call.end')).toMatchObject({ sessionId, reason: 'customer-ended' });
  });

  it('resumes the call when the kiosk reconnects after a network flap', async () => {
    const app = await hub();
    const kioskId = `K-ws-flap-${++kioskCount}`;
    const first = track(await TestSocket.kiosk(app.wsUrl, kioskId));
    const e = await expert(app);
    first.send(HELP);
    e.send({ type: 'accept', requestId: (await first.next('queue.position')).requestId });
    const { sessionId } = await first.next('call.assigned');
    first.ws.terminate();
    expect(await e.next('peer.state')).toMatchObject({ sessionId, state: 'reconnecting' });
    const again = track(await TestSocket.kiosk(app.wsUrl, kioskId));
    expect(await again.next('call.assigned')).toMatchObject({ sessionId, resumed: true });
    expect(await e.next('peer.state')).toMatchObject({ sessionId, state: 'connected' });
    e.send({ type: 'signal', sessionId, data: { type: 'offer', sdp: 'restart' } });
    expect((await again.next('signal')).data.sdp).toBe('restart');
  });
});

describe('refused frames', () => {
  it('answers malformed, unknown, invalid, binary and oversized frames with codes', async () => {
    const app = await hub();
    const k = await kiosk(app);
    k.send('{not json');
    expect((await k.next('error')).code).toBe('MALFORMED_MESSAGE');
    k.send({ type: 'accept' });
    expect(await k.next('error')).toMatchObject({ code: 'UNKNOWN_MESSAGE_TYPE', about: 'accept' });
    k.send({ ...HELP, topic: 'crypto' });
    expect(await k.next('error')).toMatchObject({ code: 'INVALID_MESSAGE', about: 'help.request' });
    k.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await k.next('error')).code).toBe('MALFORMED_MESSAGE');
    k.send({ type: 'ping', pad: 'x'.repeat(ASSIST_LIMITS.maxMessageBytes + 10) });
    expect((await k.next('error')).code).toBe('MESSAGE_TOO_LARGE');
    k.send({ type: 'ping' });
    await k.next('pong');
    k.send({ type: 'ping', pad: 'x'.repeat(ASSIST_LIMITS.maxMessageBytes * 4 + 10) });
    expect((await k.closed).code).toBe(1009);
  });

  it('closes a socket whose frame ws refuses (invalid UTF-8, far too large) and keeps serving others', async () => {
    const app = await hub();
    const broken = await kiosk(app);
    broken.ws.on('error', () => undefined);
    // `ws` does not check outgoing text: this text frame is not UTF-8.
    broken.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await broken.closed).code).toBe(1007);
    const huge = await kiosk(app);
    huge.ws.on('error', () => undefined);
    huge.ws.send(Buffer.alloc(ASSIST_LIMITS.maxMessageBytes * 4 + 1, 0x61), { binary: false });
    expect((await huge.closed).code).toBe(1009);
    const next = await kiosk(app);
    expect((await next.next('hello')).role).toBe('kiosk');
    next.send({ type: 'ping' });
    await next.next('pong');
    expect(app.logs.some((line) => line.includes('assist: socket error'))).toBe(true);
  });

  it('rate-limits each socket and closes one that keeps flooding', async () => {
    const app = await hub({ socket: { rate: { capacity: 5, refillPerSec: 1 }, strikes: { capacity: 3, refillPerSec: 0.01 } } });
    const k = await kiosk(app);
    const calm = await kiosk(app);
    for (let i = 0; i < 12; i++) k.send({ type: 'ping' });
    const closed = await k.closed;
    expect(closed.code).toBe(1008);
    expect(k.all('pong').length).toBe(5);
    expect(k.all('error').every((m) => m.code === 'RATE_LIMITED')).toBe(true);
    expect(k.all('error').length).toBeGreaterThanOrEqual(3);
    calm.send({ type: 'ping' });
    await calm.next('pong');
  });
});

describe('liveness', () => {
  // Heartbeats run on a fake clock: a beat happens when the test advances it, never because a
  // loaded machine was slow to deliver a pong within a real interval.
  const HEARTBEAT_MS = 1000;

  /** Advances one heartbeat and waits until every socket in `answering` has been pinged and its pong is back at the hub. */
  async function beat(clock: FakeClock, answering: TestSocket[]): Promise<void> {
    const pinged = answering.map((s) => new Promise((resolve) => s.ws.once('ping', resolve)));
    clock.advance(HEARTBEAT_MS);
    await Promise.all(pinged);
    // The pong went out before this ping on the same connection, so the hub has seen it once it answers.
    for (const s of answering) {
      s.send({ type: 'ping' });
      await s.next('pong');
    }
  }

  it('drops a socket that stops answering heartbeats and keeps one that answers', async () => {
    const clock = new FakeClock();
    const app = await hub({ clock, socket: { heartbeatMs: HEARTBEAT_MS } });
    const deaf = track(await TestSocket.open(`${app.wsUrl}?kioskId=K-deaf-${++kioskCount}`, [ASSIST_PROTOCOL]));
    deaf.ws.pong = () => undefined;
    const deafPinged = new Promise((resolve) => deaf.ws.once('ping', resolve));
    const alive = await kiosk(app);
    await alive.next('hello');
    await beat(clock, [alive]);
    await deafPinged;
    expect(deaf.ws.readyState).toBe(WebSocket.OPEN);
    await beat(clock, [alive]);
    expect((await deaf.closed).code).toBe(1006);
    expect(app.logs.filter((line) => line.includes('no pong within a heartbeat'))).toHaveLength(1);
    await beat(clock, [alive]);
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
  });

  // Security finding 6 (issue 15): with the production heartbeat (15 s) a logged-out or
  // expired staff socket kept working until the fourth beat's re-check (~55 s).
  it('closes an expert socket at once when its session is logged out, at the production heartbeat', async () => {
    const app = await hub();
    const who = await createTestStaff(app.assist.staffAuth);
    const token = await loginTestStaff(app.assist.staffAuth, app.assist.clock, who);
    const socket = track(await TestSocket.staff(app.wsUrl, token));
    await socket.next('hello');
    const res = await fetch(`${app.url}/v1/staff/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
    expect(await socket.closed).toEqual({ code: 4002, reason: 'staff session ended' });
  });

  it('closes an expert socket when its session expires, at the production heartbeat', async () => {
    const app = await hub({ config: { staffSessionTtlSec: 2 } });
    const who = await createTestStaff(app.assist.staffAuth);
    const socket = track(await TestSocket.staff(app.wsUrl, await loginTestStaff(app.assist.staffAuth, app.assist.clock, who)));
    await socket.next('hello');
    expect(await socket.closed).toEqual({ code: 4002, reason: 'staff session expired' });
  });

  it('closes an expert socket once the staff session is logged out', async () => {
    const clock = new FakeClock();
    const app = await hub({ clock, socket: { heartbeatMs: HEARTBEAT_MS } });
    const who = await createTestStaff(app.assist.staffAuth);
    const token = await loginTestStaff(app.assist.staffAuth, clock, who);
    const socket = track(await TestSocket.staff(app.wsUrl, token));
    await socket.next('hello');
    const res = await fetch(`${app.url}/v1/staff/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
    // The session is re-checked every few beats (or at once, if logout closes sockets itself).
    const closed = socket.closed;
    let beats = 0;
    const isClosed = () => socket.ws.readyState !== WebSocket.OPEN;
    while (!isClosed() && beats < 10) {
      beats += 1;
      await Promise.race([beat(clock, [socket]), closed]);
    }
    if (!isClosed()) throw new Error(`the socket is still open after ${beats} heartbeats`);
    expect((await closed).code).toBe(4002);
  });
});
