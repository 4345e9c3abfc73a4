// The assistance service when parties drop, calls move and targets are missed: fake links,
// a fake clock, and the history in one shared PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { createHarness, HELP, settle, type Harness } from '../testing/service-harness.js';

let testDb: TestDatabase;
let h: Harness;

beforeAll(async () => {
  testDb = await openTestPglite();
  h = await createHarness(testDb.db);
}, 60_000);
afterAll(async () => {
  await h?.service.close();
  await testDb?.dispose();
});

describe('reconnecting', () => {
  it('keeps the call through a kiosk network flap within the grace period', async () => {
    const { kiosk, expert, sessionId } = await h.inCall();
    h.disconnect(kiosk);
    expect(expert.last('peer.state')).toEqual({ type: 'peer.state', sessionId, state: 'reconnecting' });
    h.clock.advanceSec(20);
    const back = h.reconnect(kiosk);
    expect(back.last('call.assigned')).toMatchObject({ sessionId, resumed: true });
    expect(expert.last('peer.state').state).toBe('connected');
    await h.send(expert, { type: 'signal', sessionId, data: { type: 'offer', sdp: 'ice restart' } });
    expect(back.last('signal').data.sdp).toBe('ice restart');
    h.clock.advanceSec(60);
    expect(expert.all('call.end')).toEqual([]);
    h.disconnect(back, expert);
  });

  it('ends the call as kiosk-lost after the grace period', async () => {
    const { kiosk, expert, sessionId, requestId } = await h.inCall();
    h.disconnect(kiosk);
    h.clock.advanceSec(31);
    expect(expert.last('call.end')).toEqual({ type: 'call.end', sessionId, reason: 'kiosk-lost' });
    await h.service.flush();
    expect(await h.store.requestHistory(requestId)).toMatchObject({ outcome: 'dropped' });
    h.disconnect(expert);
  });

  it('keeps a waiting customer’s place through a flap, and abandons it after the grace', async () => {
    const kiosk = h.newKiosk();
    await h.send(kiosk, HELP);
    const { requestId } = kiosk.last('queue.position');
    h.disconnect(kiosk);
    h.clock.advanceSec(10);
    const back = h.reconnect(kiosk);
    await settle();
    expect(back.last('queue.position').requestId).toBe(requestId);
    h.disconnect(back);
    h.clock.advanceSec(31);
    await h.service.flush();
    expect(await h.store.requestHistory(requestId)).toMatchObject({ outcome: 'abandoned', abandonReason: 'kiosk-lost' });
  });

  it('puts the customer back in line when the expert is lost, keeping the request', async () => {
    const { kiosk, expert, requestId } = await h.inCall();
    h.disconnect(expert);
    expect(kiosk.last('peer.state').state).toBe('reconnecting');
    h.clock.advanceSec(31);
    expect(kiosk.last('call.end').reason).toBe('expert-lost');
    await settle();
    expect(kiosk.last('queue.position').requestId).toBe(requestId);
    const rescuer = await h.availableExpert();
    await h.send(rescuer, { type: 'accept' });
    expect(kiosk.all('call.assigned')).toHaveLength(2);
    h.disconnect(kiosk, rescuer);
  });

  it('replaces an older socket of the same staff member', async () => {
    const expert = await h.staff();
    const second = h.reconnect(expert);
    expect(expert.closedWith?.code).toBe(4001);
    h.service.disconnect(expert.asStaff());
    expect(second.last('hello').role).toBe('expert');
    h.disconnect(second);
  });
});

describe('transfer', () => {
  it('hands the customer to a named expert, who alone may take them', async () => {
    const { kiosk, expert, sessionId, requestId } = await h.inCall();
    const target = await h.staff({ languages: ['en'], topics: ['loans'] });
    const bystander = await h.availableExpert();
    await h.send(expert, { type: 'transfer', sessionId, to: target.asStaff().party.profile.staffId, note: 'loan question' });
    expect(kiosk.last('call.end').reason).toBe('transferred');
    expect(expert.last('expert.state').state).toBe('available');
    const entry = target.last('queue.snapshot').requests.find((r) => r.requestId === requestId);
    expect(entry?.transfer).toMatchObject({ to: target.asStaff().party.profile.staffId, note: 'loan question' });
    await h.send(bystander, { type: 'accept', requestId });
    expect(bystander.last('error').code).toBe('NOT_ELIGIBLE');
    await h.send(target, { type: 'availability', available: true });
    await h.send(target, { type: 'accept', requestId });
    expect(kiosk.all('call.assigned')).toHaveLength(2);
    await h.service.flush();
    const history = await h.store.requestHistory(requestId);
    expect(history?.transfers).toHaveLength(1);
    expect(history?.sessions.map((s) => s.endReason)).toEqual(['transferred', null]);
    h.disconnect(kiosk, expert, target, bystander);
  });

  it('refuses a transfer to a supervisor when none is connected', async () => {
    const { kiosk, expert, sessionId } = await h.inCall();
    await h.send(expert, { type: 'transfer', sessionId, to: 'supervisor' });
    expect(expert.last('error').code).toBe('TRANSFER_TARGET_UNAVAILABLE');
    expect(kiosk.all('call.end')).toEqual([]);
    h.disconnect(kiosk, expert);
  });
});

describe('SLA', () => {
  it('alerts supervisors of an unanswered request and records the breach', async () => {
    const supervisor = await h.staff({ role: 'supervisor' });
    const kiosk = h.newKiosk();
    await h.send(kiosk, { ...HELP, flags: { vip: false, elderly: false, urgent: true } });
    const { requestId } = kiosk.last('queue.position');
    h.clock.advanceSec(16);
    expect(supervisor.last('sla.breach').breach).toMatchObject({ requestId, ruleId: 'urgent-answer-15s', kind: 'answer' });
    await h.send(supervisor, { type: 'supervisor.snapshot' });
    const snapshot = supervisor.last('supervisor.snapshot');
    expect(snapshot.queueLength).toBeGreaterThanOrEqual(1);
    expect(snapshot.longestWaitSec).toBeGreaterThanOrEqual(16);
    expect(snapshot.slaBreaches.recent.map((b) => b.requestId)).toContain(requestId);
    await h.service.flush();
    expect((await h.store.requestHistory(requestId))?.slaBreaches.map((b) => b.ruleId)).toEqual(['urgent-answer-15s']);
    await h.send(kiosk, { type: 'help.cancel' });
    h.disconnect(kiosk, supervisor);
  });
});
