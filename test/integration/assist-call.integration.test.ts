// Video assistance end to end without a browser: the real hub (PGlite, kiosk authentication
// on) and the real kiosk host (signed signaling upgrade); the kiosk page's own call code
// (AssistManager → CallController → simple-peer) runs in Node on @roamhq/wrtc against an
// expert who signs in with password + TOTP and answers on a WebSocket with a simple-peer
// initiator. Offer, answer and ICE candidates travel only through the hub's signaling; the
// data channel then carries the journey state, chat both ways and an authorization request
// whose hub-signed decision lands in the kiosk's outbox and reaches the hub by sync.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeClient } from '../../electron/bridge/client.js';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { ASSIST_PATHS } from '../../protocol/assist-signaling.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';
import { TestSocket } from '../../hub/assist/testing/ws-client.js';
import { AssistManager } from '../../renderer/kiosk/assist/assist-manager.js';
import * as features from '../../renderer/kiosk/assist/call-features.js';
import { ICE_RESTART_REQUEST } from '../../renderer/kiosk/assist/call-policy.js';
import { journeyStateOf } from '../../renderer/kiosk/assist/journey-state.js';
import { noMedia } from '../../renderer/kiosk/assist/local-media.js';
import { initialSession } from '../../renderer/kiosk/session/session.js';
import { startTestHub, type TestHub } from '../support/enrolled-hub.js';
import { expertPeer, hostTransport, kioskPeers } from './assist-peers.node.js';

const KIOSK = 'K31';
let hub: TestHub;
let host: KioskHost;
let expert: TestSocket;

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The first admin from HUB_SEED_ADMIN_*, who creates the expert over the staff API; the expert signs in. */
async function expertToken(): Promise<string> {
  const base = hub.hub.url;
  const admin = { username: 'admin', password: 'integration admin passphrase' };
  const adminLogin = staffLoginResponseSchema.parse(await post(`${base}${ASSIST_PATHS.staffLogin}`, { ...admin, totp: totpCode(adminSecret, Date.now()) }));
  const body = { username: 'wang.fang', displayName: 'Wang Fang', role: 'expert', password: 'expert passphrase 42', languages: ['zh-CN', 'en'], topics: ['accounts', 'cards', 'loans', 'payments', 'other'] };
  const created = createStaffResponseSchema.parse(await post(`${base}${ASSIST_PATHS.staffUsers}`, body, adminLogin.token));
  const login = staffLoginResponseSchema.parse(await post(`${base}${ASSIST_PATHS.staffLogin}`, { username: body.username, password: body.password, totp: totpCode(created.totpSecret, Date.now()) }));
  return login.token;
}

const adminSecret = newTotpSecret();

async function until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function hubTransactions(): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  return (await hub.staffGet<{ items: { type: string; payload: Record<string, unknown> }[] }>(`/v1/transactions?kioskId=${KIOSK}`)).items;
}

beforeAll(async () => {
  const seed = { HUB_SEED_ADMIN_USERNAME: 'admin', HUB_SEED_ADMIN_PASSWORD: 'integration admin passphrase', HUB_SEED_ADMIN_TOTP_SECRET: adminSecret };
  Object.assign(process.env, seed);
  try {
    hub = await startTestHub();
  } finally {
    for (const key of Object.keys(seed)) delete process.env[key];
  }
  const config = loadConfig({
    env: {},
    file: null,
    overrides: { kioskId: KIOSK, dataDir: mkdtempSync(path.join(os.tmpdir(), 'bk-assist-')), hubUrl: hub.hub.url, syncIntervalMs: 200, devices: [] },
  });
  await hub.enroll(KIOSK, config.dataDir);
  host = await startHost({ config, logger: silentLogger() });
  expert = await TestSocket.staff(`${hub.hub.url.replace('http', 'ws')}${ASSIST_PATHS.socket}`, await expertToken());
  expert.send({ type: 'availability', available: true });
  await expert.next('expert.state', (m) => m.state === 'available');
}, 60_000);

afterAll(async () => {
  await expert?.close();
  await host?.close();
  await hub?.close();
});

function kioskPage() {
  const client = createBridgeClient(hostTransport(host));
  const session = { ...initialSession('en'), phase: { name: 'home' as const } };
  const manager = new AssistManager(client, { createPeer: kioskPeers(), getMedia: noMedia, journey: () => journeyStateOf(session) });
  return { client, manager, stop: manager.start(), state: () => manager.snapshot().status.state };
}

describe('video assistance through the real hub and host', () => {
  it('queues the kiosk, the expert accepts, WebRTC connects over hub signaling, and a decision lands in the outbox', async () => {
    const page = kioskPage();
    const { client } = page;
    try {
      page.manager.requestHelp({ topic: 'cards', flags: { vip: true, elderly: false }, journeyStep: 'home', locale: 'en' });
      const waiting = await until(() => { const s = page.state(); return s.phase === 'waiting' && s; }, 'the queue position');
      expect(waiting.position).toBe(1);

      const snapshot = await expert.next('queue.snapshot', (m) => m.requests.some((r) => r.kioskId === KIOSK));
      expect(snapshot.requests.find((r) => r.kioskId === KIOSK)).toMatchObject({ requestId: waiting.requestId, language: 'en', priorityClass: 'vip', journeyStep: 'home' });
      expert.send({ type: 'accept', requestId: waiting.requestId });
      const started = await expert.next('call.started');
      const call = await until(() => { const s = page.state(); return s.phase === 'connecting' || s.phase === 'in-call' ? s : null; }, 'call.assigned on the kiosk');
      expect(call).toMatchObject({ sessionId: started.sessionId, expert: { displayName: 'Wang Fang' } });

      const remote = expertPeer(expert, started.sessionId);
      await remote.connected;
      await until(() => page.state().phase === 'in-call', 'the host to see the media up');
      expect(page.manager.snapshot().call?.link).toBe('connected');

      // The kiosk sent its (masked) journey state as soon as the channel opened.
      await until(() => remote.received.find((m) => m.type === 'journey.state'), 'the journey state');
      expect(remote.received.find((m) => m.type === 'journey.state')).toMatchObject({ screen: 'home', fields: { locale: 'en' } });

      remote.send({ v: 1, type: 'chat', id: crypto.randomUUID(), from: 'expert', text: 'Hello, how can I help?', at: new Date().toISOString() });
      await until(() => page.manager.snapshot().call?.chat.some((c) => c.from === 'expert'), 'the expert’s chat on the kiosk');
      const ctx = page.manager.activeCall?.ctx;
      if (!ctx) throw new Error('no active call on the kiosk page');
      expect(features.sendChat(ctx, 'My card 6222 0202 1234 5678 was kept')).toBe(true);
      const chat = await until(() => remote.received.find((m) => m.type === 'chat'), 'the kiosk’s chat at the expert');
      expect(chat).toMatchObject({ from: 'kiosk', text: 'My card ••••••••••••5678 was kept' });

      // The kiosk's ICE restart (what its watchdog sends 2.5 s after `disconnected`) reaches the
      // expert through the hub; the restart offer carries new ICE credentials, the kiosk's
      // answer too, and the data channel carries on.
      await client.request('assist.signal', { sessionId: started.sessionId, data: ICE_RESTART_REQUEST });
      await until(() => remote.ufrags.answers.length === 2, 'the answer to the ICE-restart offer');
      expect(new Set(remote.ufrags.offers).size).toBe(2);
      expect(new Set(remote.ufrags.answers).size).toBe(2);
      remote.send({ v: 1, type: 'highlight', target: 'tile-queue', on: true });
      await until(() => page.manager.snapshot().call?.highlight === 'tile-queue', 'a message after the restart');

      const authRequestId = features.requestAuthorization(ctx, { action: 'card.replace', summary: 'Replace card ****5678', amountMinor: 1500, currency: 'CNY' });
      await until(() => remote.received.find((m) => m.type === 'authorization.request'), 'the authorization request');
      expert.send({ type: 'authorization.decide', sessionId: started.sessionId, authRequestId, action: 'card.replace', decision: 'approve' });
      const recorded = await expert.next('authorization.recorded');
      await until(() => page.manager.snapshot().call?.authorization?.decisionId === recorded.decisionId, 'the decision on the kiosk screen');
      await host.syncNow();
      const rows = await hubTransactions();
      expect(rows).toContainEqual(
        expect.objectContaining({
          type: 'assist.authorization.decided',
          payload: expect.objectContaining({ decisionId: recorded.decisionId, sessionId: started.sessionId, action: 'card.replace', step: 'home', approved: true, signature: recorded.signature }),
        }),
      );

      // The customer hangs up: the hub tells the expert, the kiosk destroys its peer and asks for a rating.
      page.manager.end();
      expect(await expert.next('call.end')).toMatchObject({ sessionId: started.sessionId, reason: 'customer-ended' });
      await until(() => remote.peer.destroyed, 'the expert’s peer to see the kiosk go');
      const ended = await until(() => { const s = page.state(); return s.phase === 'ended' && s; }, 'the ended state');
      expect(ended).toMatchObject({ reason: 'customer-ended', sessionId: started.sessionId, rateable: true });
      expect(page.manager.activeCall).toBeNull();
      page.manager.rate(started.sessionId, { score: 9, reason: 'staff' }, 'zh-CN');
      await until(() => page.state().phase === 'idle', 'idle after the rating');
      await host.syncNow();
      expect(await hubTransactions()).toContainEqual(
        expect.objectContaining({ type: 'customer.feedback.given', payload: expect.objectContaining({ journey: 'video-call', reference: started.sessionId, score: 9, reason: 'staff' }) }),
      );
      remote.close();
    } finally {
      page.stop();
    }
  });

  it('a cancelled request leaves the hub queue', async () => {
    const page = kioskPage();
    try {
      page.manager.requestHelp({ topic: 'other', flags: { vip: false, elderly: true }, journeyStep: 'home', locale: 'zh-CN' });
      await until(() => page.state().phase === 'waiting', 'the queue position');
      await expert.next('queue.snapshot', (m) => m.requests.some((r) => r.kioskId === KIOSK && r.priorityClass === 'elderly'));
      // Only snapshots sent after the cancel may prove it.
      expert.received.length = 0;
      page.manager.cancel();
      await until(() => page.state().phase === 'idle', 'idle after cancel');
      await expert.next('queue.snapshot', (m) => !m.requests.some((r) => r.kioskId === KIOSK));
    } finally {
      page.stop();
    }
  });
});
