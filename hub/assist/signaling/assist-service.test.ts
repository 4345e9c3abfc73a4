// The assistance service end to end without sockets: fake links, a fake clock, and the
// history in one shared PGlite.
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

describe('a call', () => {
  it('goes from help request to relayed offer/answer to a recorded end', async () => {
    const kiosk = h.newKiosk();
    expect(kiosk.last('hello')).toMatchObject({ role: 'kiosk' });
    await h.send(kiosk, HELP);
    const position = kiosk.last('queue.position');
    expect(position.position).toBe(1);

    const expert = await h.availableExpert();
    expect(expert.last('queue.snapshot').requests.map((r) => r.requestId)).toContain(position.requestId);
    await h.send(expert, { type: 'accept', requestId: position.requestId });

    const assigned = kiosk.last('call.assigned');
    const started = expert.last('call.started');
    expect(assigned).toMatchObject({ requestId: position.requestId, initiator: false, resumed: false, expert: { displayName: expect.any(String) } });
    expect(assigned.iceServers[0]?.username).toBe(`9999:${kiosk.asKiosk().party.kioskId}`);
    expect(started).toMatchObject({ sessionId: assigned.sessionId, initiator: true, request: { requestId: position.requestId } });

    await h.send(expert, { type: 'signal', sessionId: assigned.sessionId, data: { type: 'offer', sdp: 'v=0 offer' } });
    await h.send(kiosk, { type: 'signal', sessionId: assigned.sessionId, data: { type: 'answer', sdp: 'v=0 answer' } });
    expect(kiosk.last('signal').data).toEqual({ type: 'offer', sdp: 'v=0 offer' });
    expect(expert.last('signal').data).toEqual({ type: 'answer', sdp: 'v=0 answer' });

    h.clock.advanceSec(95);
    await h.send(kiosk, { type: 'call.end', sessionId: assigned.sessionId, reason: 'customer-ended' });
    expect(expert.last('call.end')).toEqual({ type: 'call.end', sessionId: assigned.sessionId, reason: 'customer-ended' });
    expect(expert.last('expert.state').state).toBe('available');
    await h.service.flush();
    const history = await h.store.requestHistory(position.requestId);
    expect(history).toMatchObject({ outcome: 'served', status: 'closed' });
    expect(history?.sessions[0]).toMatchObject({ talkMs: 95_000, endReason: 'customer-ended' });
    h.disconnect(kiosk, expert);
  });

  it('relays a session’s signals between its two parties only', async () => {
    const { kiosk, expert, sessionId } = await h.inCall();
    const intruderKiosk = h.newKiosk();
    const intruderExpert = await h.availableExpert();
    await h.send(intruderKiosk, { type: 'signal', sessionId, data: { candidate: 'evil' } });
    await h.send(intruderExpert, { type: 'signal', sessionId, data: { candidate: 'evil' } });
    expect(intruderKiosk.last('error')).toMatchObject({ code: 'NOT_IN_SESSION', about: 'signal' });
    expect(intruderExpert.last('error')).toMatchObject({ code: 'NOT_IN_SESSION' });
    expect([...kiosk.all('signal'), ...expert.all('signal')]).toEqual([]);
    await h.send(intruderExpert, { type: 'call.end', sessionId, reason: 'completed' });
    expect(intruderExpert.last('error').code).toBe('NOT_IN_SESSION');
    expect(kiosk.all('call.end')).toEqual([]);
    h.disconnect(kiosk, expert, intruderKiosk, intruderExpert);
  });

  it('records disposition and rating from the right parties, and a signed decision delivered to the kiosk', async () => {
    const { kiosk, expert, sessionId, requestId } = await h.inCall();
    const authRequestId = globalThis.crypto.randomUUID();
    await h.send(expert, { type: 'authorization.decide', sessionId, authRequestId, action: 'fee.waive', decision: 'approve' });
    const decision = kiosk.last('authorization.decision');
    expect(decision).toMatchObject({ sessionId, authRequestId, action: 'fee.waive', decision: 'approve', signature: `signed:${decision.decisionId}` });
    expect(expert.last('authorization.recorded').decisionId).toBe(decision.decisionId);
    await h.send(expert, { type: 'authorization.decide', sessionId, authRequestId, action: 'fee.waive', decision: 'decline' });
    expect(expert.last('error').code).toBe('ALREADY_DECIDED');

    await h.send(expert, { type: 'call.end', sessionId, reason: 'completed' });
    await h.send(expert, { type: 'disposition', sessionId, outcome: 'resolved', notes: 'replaced card' });
    expect(expert.last('disposition.recorded').sessionId).toBe(sessionId);
    // Recorded once: a second disposition of the same call is refused (HTTP terms: 409).
    await h.send(expert, { type: 'disposition', sessionId, outcome: 'not-resolved', notes: 'rewritten later' });
    expect(expert.last('error')).toMatchObject({ code: 'CONFLICT', about: 'disposition' });
    await h.send(kiosk, { type: 'call.rate', sessionId, rating: 5, nps: 9 });
    await h.send(kiosk, { type: 'call.rate', sessionId, rating: 1 });
    expect(kiosk.last('error').code).toBe('NOT_IN_SESSION');
    const other = await h.availableExpert();
    await h.send(other, { type: 'disposition', sessionId, outcome: 'not-resolved', notes: 'hijack' });
    expect(other.last('error').code).toBe('NOT_IN_SESSION');
    const history = await h.store.requestHistory(requestId);
    expect(history?.sessions[0]).toMatchObject({ outcome: 'resolved', notes: 'replaced card', rating: 5, nps: 9 });
    expect(history?.decisions).toHaveLength(1);
    h.disconnect(kiosk, expert, other);
  });
});

describe('refusals', () => {
  it('answers with stable codes', async () => {
    const kiosk = h.newKiosk();
    await h.send(kiosk, { type: 'help.cancel' });
    expect(kiosk.last('error').code).toBe('NO_OPEN_REQUEST');
    await h.send(kiosk, HELP);
    await h.send(kiosk, HELP);
    expect(kiosk.last('error').code).toBe('ALREADY_WAITING');

    const away = await h.staff();
    await h.send(away, { type: 'accept' });
    expect(away.last('error').code).toBe('NOT_AVAILABLE');
    const englishOnly = await h.availableExpert({ languages: ['en'] });
    await h.send(englishOnly, { type: 'accept', requestId: kiosk.last('queue.position').requestId });
    expect(englishOnly.last('error').code).toBe('NOT_ELIGIBLE');
    await h.send(englishOnly, { type: 'accept', requestId: globalThis.crypto.randomUUID() });
    expect(englishOnly.last('error').code).toBe('UNKNOWN_REQUEST');
    await h.send(englishOnly, { type: 'supervisor.snapshot' });
    expect(englishOnly.last('error').code).toBe('FORBIDDEN');

    await h.send(kiosk, { type: 'help.cancel' });
    expect(kiosk.last('help.closed').reason).toBe('cancelled');
    await h.service.flush();
    expect(await h.store.requestHistory(kiosk.last('help.closed').requestId)).toMatchObject({ outcome: 'cancelled', abandonReason: 'customer-cancelled' });
    h.disconnect(kiosk, away, englishOnly);
  });
});

describe('priority', () => {
  it('gives the next free expert the VIP who arrived later', async () => {
    const first = h.newKiosk();
    await h.send(first, HELP);
    h.clock.advanceSec(20);
    const vip = h.newKiosk();
    await h.send(vip, { ...HELP, flags: { vip: true, elderly: false } });
    expect(first.last('queue.position').position).toBe(2);
    const expert = await h.availableExpert();
    await h.send(expert, { type: 'accept' });
    expect(vip.all('call.assigned')).toHaveLength(1);
    expect(first.all('call.assigned')).toHaveLength(0);
    expect(first.last('queue.position').position).toBe(1);
    await h.send(first, { type: 'help.cancel' });
    h.disconnect(first, vip, expert);
  });
});

describe('fan-out', () => {
  it('sends a help request at once, inside the publish interval; other changes wait for it', async () => {
    const throttled = await createHarness(testDb.db, { publishIntervalMs: 1000 });
    const [a, b, c] = [throttled.newKiosk(), throttled.newKiosk(), throttled.newKiosk()];
    await throttled.send(a, HELP);
    expect(a.all('queue.position')).toHaveLength(1);
    throttled.clock.advance(1);
    await throttled.send(b, HELP);
    await settle();
    // The customer who pressed Help hears of their place now, not a second later.
    expect(b.last('queue.position').position).toBe(2);
    const before = a.all('queue.position').length;
    throttled.clock.advance(1);
    // A connect is not something a person waits on: it rides the throttle.
    const late = throttled.newKiosk();
    await settle();
    expect(a.all('queue.position')).toHaveLength(before);
    throttled.clock.advance(998);
    await settle();
    expect(a.all('queue.position').length).toBeGreaterThanOrEqual(before);
    await throttled.send(c, HELP);
    await settle();
    expect(c.last('queue.position').position).toBe(3);
    throttled.disconnect(late);
    await throttled.service.close();
  });
});
