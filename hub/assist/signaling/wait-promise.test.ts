// The wait a kiosk is promised (issue 12 #2) comes from the experts who can actually answer:
// nobody signed in, or the only expert away, means "nobody can answer" at once — never a
// made-up "about 3 min" — and the kiosk hears each change as it happens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { createHarness, HELP, type Harness } from '../testing/service-harness.js';

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

describe('expected wait', () => {
  it('says nobody can answer with no expert signed in, then follows an expert signing in, going away and coming back', async () => {
    const kiosk = h.newKiosk();
    await h.send(kiosk, HELP);
    expect(kiosk.last('queue.position')).toMatchObject({ position: 1, nobodyAvailable: true });

    // Signed in but away (not taking calls): still nobody.
    const expert = await h.staff({ languages: ['zh-CN'], topics: ['cards'] });
    expect(kiosk.last('queue.position')).toMatchObject({ nobodyAvailable: true });

    await h.send(expert, { type: 'availability', available: true });
    expect(kiosk.last('queue.position')).toMatchObject({ nobodyAvailable: false, expectedWaitSec: 10 });

    await h.send(expert, { type: 'availability', available: false });
    expect(kiosk.last('queue.position')).toMatchObject({ nobodyAvailable: true });
    h.disconnect(kiosk, expert);
  });

  it('an expert who cannot take the request (another language) does not count', async () => {
    const english = await h.availableExpert({ languages: ['en'], topics: ['cards'] });
    const kiosk = h.newKiosk();
    await h.send(kiosk, HELP);
    expect(kiosk.last('queue.position')).toMatchObject({ nobodyAvailable: true });
    h.disconnect(kiosk, english);
  });

  it('learns the answer time from recent accepts', async () => {
    const expert = await h.availableExpert({ languages: ['zh-CN'], topics: ['cards'] });
    // Five customers each answered 60 s after asking, by an expert free all along.
    for (let i = 0; i < 5; i++) {
      const kiosk = h.newKiosk();
      await h.send(kiosk, HELP);
      h.clock.advanceSec(60);
      await h.send(expert, { type: 'accept', requestId: kiosk.last('queue.position').requestId });
      await h.send(kiosk, { type: 'call.end', sessionId: kiosk.last('call.assigned').sessionId, reason: 'customer-ended' });
      h.disconnect(kiosk);
    }
    const next = h.newKiosk();
    await h.send(next, HELP);
    // EWMA (weight 0.2) from 10 s towards 60 s after five answers: 60 − 50·0.8⁵ ≈ 44 s.
    expect(next.last('queue.position').expectedWaitSec).toBe(44);
    h.disconnect(next, expert);
  });
});
