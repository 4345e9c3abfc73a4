// "Take" refusals say what is true (issue 12 #3): an expert without the customer's language
// or topic hears NOT_ELIGIBLE — for a chosen customer and for "take next" — never "that
// customer is no longer waiting" while the customer still waits.
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

describe('taking a customer one cannot serve', () => {
  it('take next with only unsuitable customers waiting is NOT_ELIGIBLE, and the customer keeps waiting', async () => {
    const kiosk = h.newKiosk();
    await h.send(kiosk, HELP); // zh-CN, cards
    const admin = await h.availableExpert({ role: 'admin', languages: [], topics: [] });
    await h.send(admin, { type: 'accept' });
    expect(admin.last('error')).toMatchObject({ code: 'NOT_ELIGIBLE' });
    await h.send(admin, { type: 'accept', requestId: kiosk.last('queue.position').requestId });
    expect(admin.last('error')).toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect(kiosk.all('call.assigned')).toHaveLength(0);
    await h.send(kiosk, { type: 'help.cancel' });
    h.disconnect(kiosk, admin);
  });

  it('take next with nobody waiting is still UNKNOWN_REQUEST', async () => {
    const expert = await h.availableExpert({ languages: ['zh-CN'], topics: ['cards'] });
    await h.send(expert, { type: 'accept' });
    expect(expert.last('error')).toMatchObject({ code: 'UNKNOWN_REQUEST' });
    h.disconnect(expert);
  });
});
