// Proves the hub's TURN credentials work against a real coturn on loopback: a WebRTC peer
// (@roamhq/wrtc) restricted to relay candidates gathers one only when TURN accepts the
// credential — the one the hub handed to the kiosk in call.assigned.
import wrtc from '@roamhq/wrtc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceServer } from '../../../protocol/assist-signaling.js';
import { startAssistApp, type AssistApp } from '../testing/assist-app.js';
import { createTestStaff, loginTestStaff } from '../testing/staff-fixtures.js';
import { startTurnServer, type TestTurnServer } from '../testing/turnserver.node.js';
import { TestSocket } from '../testing/ws-client.js';
import { openTestPostgres, type TestDatabase } from '../../testing/test-databases.node.js';
import { turnCredential } from './turn-credentials.node.js';

const SECRET = 'integration-turn-secret-4f2a';
let turn: TestTurnServer;
let testDb: TestDatabase;
let hub: AssistApp;

beforeAll(async () => {
  turn = await startTurnServer(SECRET);
  testDb = await openTestPostgres();
  hub = await startAssistApp(testDb.db, { config: { turn: { urls: [turn.url], secret: SECRET, ttlSec: 600 } } });
});
afterAll(async () => {
  await hub?.close();
  await testDb?.dispose();
  await turn?.stop();
});

/** The relay candidates a peer gathers with these ICE servers and relay-only policy. */
async function relayCandidates(iceServers: IceServer[]): Promise<string[]> {
  const pc = new wrtc.RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
  const found: string[] = [];
  try {
    pc.onicecandidate = (event) => {
      if (event.candidate?.candidate.includes(' typ relay ')) found.push(event.candidate.candidate);
    };
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 8000);
      pc.onicegatheringstatechange = () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    return found;
  } finally {
    pc.close();
  }
}

describe('TURN credentials against coturn', () => {
  it('the credential the hub issues in call.assigned allocates a relay', async () => {
    const kiosk = await TestSocket.kiosk(hub.wsUrl, 'K-turn-1');
    const who = await createTestStaff(hub.assist.staffAuth);
    const expert = await TestSocket.staff(hub.wsUrl, await loginTestStaff(hub.assist.staffAuth, hub.assist.clock, who));
    expert.send({ type: 'availability', available: true });
    kiosk.send({ type: 'help.request', language: 'zh-CN', topic: 'other', flags: { vip: false, elderly: false }, journeyStep: 'home' });
    expert.send({ type: 'accept', requestId: (await kiosk.next('queue.position')).requestId });
    const { iceServers } = await kiosk.next('call.assigned');
    const { iceServers: expertServers } = await expert.next('call.started');
    await Promise.all([kiosk.close(), expert.close()]);

    expect(iceServers[0]?.username).toMatch(/^\d+:K-turn-1$/);
    const relays = await relayCandidates(iceServers);
    expect(relays.length).toBeGreaterThan(0);
    expect(relays[0]).toContain('127.0.0.1');
    expect(await relayCandidates(expertServers)).not.toEqual([]);
  });

  it('a wrong password or an expired credential yields no relay', async () => {
    const good = turnCredential(SECRET, 'K-turn-2', 600, Date.now());
    expect(await relayCandidates([{ urls: [turn.url], username: good.username, credential: 'd3JvbmctcGFzc3dvcmQ=' }])).toEqual([]);
    const expired = turnCredential(SECRET, 'K-turn-2', 60, Date.now() - 3600_000);
    expect(await relayCandidates([{ urls: [turn.url], username: expired.username, credential: expired.credential }])).toEqual([]);
    const forged = turnCredential('some-other-secret-000', 'K-turn-2', 600, Date.now());
    expect(await relayCandidates([{ urls: [turn.url], username: forged.username, credential: forged.credential }])).toEqual([]);
  });
});
