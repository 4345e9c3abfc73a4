// The expert's decision through the hub's real path (issue 11): in a call, the expert sends
// `authorization.decide` { action 'account.open', authRequestId = applicationId }; the handler
// records and signs it, the assistance store moves the application in the same transaction, and
// the kiosk gets the signed `authorization.decision` — the copy its journey acts on. A decision
// for another action with the same id moves nothing. One PGlite, the service without sockets.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, settle, type Harness } from '../assist/testing/service-harness.js';
import { TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { sampleApplication } from '../testing/account-opening.node.js';
import { openTestPglite, type TestDatabase } from '../testing/test-databases.node.js';
import { AccountOpening } from './account-opening-service.js';
import { createDemoCoreBanking } from './demo/demo-core-banking.node.js';

let testDb: TestDatabase;
let h: Harness;
let opening: AccountOpening;

beforeAll(async () => {
  testDb = await openTestPglite();
  h = await createHarness(testDb.db);
  const adapter = await createDemoCoreBanking({ db: testDb.db, secretKey: TEST_SECRET_KEY });
  opening = new AccountOpening({ db: testDb.db, adapter, secretKey: TEST_SECRET_KEY, logger: pino({ level: 'silent' }) });
}, 60_000);
afterAll(async () => {
  await h?.service.close();
  await testDb?.dispose();
});

describe('account.open through authorization.decide', () => {
  it('approves the filed application and forwards the signed decision to the kiosk, which can then open it', async () => {
    const { kiosk, expert, sessionId } = await h.inCall();
    const kioskId = kiosk.party.kind === 'kiosk' ? kiosk.party.kioskId : '';
    const application = sampleApplication(kioskId);
    expect(await opening.file(application)).toMatchObject({ outcome: 'filed' });

    // Another action with the application's id moves nothing.
    await h.send(expert, { type: 'authorization.decide', sessionId, authRequestId: application.applicationId, action: 'fee.waive', decision: 'approve' });
    await settle();
    expect(await opening.status(kioskId, application.applicationId)).toEqual({ outcome: 'ok', status: 'filed' });

    const { kiosk: k2, expert: e2, sessionId: s2 } = await h.inCall();
    const kioskId2 = k2.party.kind === 'kiosk' ? k2.party.kioskId : '';
    const second = sampleApplication(kioskId2);
    await opening.file(second);
    await h.send(e2, { type: 'authorization.decide', sessionId: s2, authRequestId: second.applicationId, action: 'account.open', decision: 'approve' });
    await settle();
    const forwarded = k2.last('authorization.decision');
    expect(forwarded).toMatchObject({ authRequestId: second.applicationId, action: 'account.open', decision: 'approve' });
    const status = await opening.status(kioskId2, second.applicationId);
    expect(status).toEqual({ outcome: 'ok', status: 'approved', decision: { decisionId: forwarded.decisionId, decision: 'approve', decidedAt: forwarded.decidedAt, signature: forwarded.signature } });
    expect(await opening.open(kioskId2, second.applicationId)).toMatchObject({ outcome: 'opened', decision: { decisionId: forwarded.decisionId } });
    h.disconnect(kiosk, expert, k2, e2);
  });
});
