// Account opening through the hub's routes (issue 11), run on PGlite and on real PostgreSQL:
// filing (idempotent, typed refusals, a body of three photos above the hub's 1 MiB default),
// the expert's recorded decision moving the application, opening only when approved and not
// withdrawn, once however often it is asked, and the audited staff view. The personal data is
// sealed at rest and in no log line.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_OPENING_PATHS, applicationStatusResponseSchema, fileApplicationResponseSchema, openAccountResponseSchema, staffApplicationViewSchema, type FileApplicationRequest } from '../../protocol/account-opening.js';
import { errorBodySchema } from '../../protocol/hub-api.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist/assist-config.js';
import { createAssist, type Assist } from '../assist/assist-hub.node.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { buildHub } from '../server.js';
import { bornYearsAgo, recordExpertDecision, sampleApplication } from '../testing/account-opening.node.js';
import { enrollTestKiosk, signedInject, TEST_TOKENS } from '../testing/kiosk-auth.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { openTestStores, type TestStores } from '../testing/test-hub.js';
import { createBanking } from './register-core-banking.node.js';

export function accountOpeningRouteContract(name: string, open: () => Promise<TestDatabase>): void {
  describe(`account opening routes (${name})`, () => {
    let testDb: TestDatabase;
    let stores: TestStores;
    let assist: Assist;
    let app: FastifyInstance;
    let expertId: string;
    let expertToken: string;
    let tellerToken: string;
    const logLines: string[] = [];
    const clock = new FakeClock();

    beforeAll(async () => {
      testDb = await open();
      stores = await openTestStores(testDb.db);
      const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
      const banking = await createBanking('demo', { db: testDb.db, secretKey: TEST_SECRET_KEY, logger });
      assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger, clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
      app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, logger, banking, assist });
      await app.ready();
      const expert = await createTestStaff(assist.staffAuth, { role: 'expert' });
      expertId = expert.staff.staffId;
      clock.advanceSec(30);
      expertToken = await loginTestStaff(assist.staffAuth, clock, expert);
      const teller = await createTestStaff(assist.staffAuth, { role: 'teller' });
      clock.advanceSec(30);
      tellerToken = await loginTestStaff(assist.staffAuth, clock, teller);
    }, 90_000);
    afterAll(async () => {
      await app?.close();
      await testDb?.dispose();
    });

    const post = (kiosk: KioskCredentials, url: string, payload: object) => signedInject(app, kiosk, { method: 'POST', url, payload: { kioskId: kiosk.kioskId, ...payload } });
    const file = async (kiosk: KioskCredentials, application: FileApplicationRequest) => fileApplicationResponseSchema.parse((await post(kiosk, ACCOUNT_OPENING_PATHS.applications, application)).json());
    const status = async (kiosk: KioskCredentials, applicationId: string) => applicationStatusResponseSchema.parse((await post(kiosk, ACCOUNT_OPENING_PATHS.status, { applicationId })).json());
    const openAccount = async (kiosk: KioskCredentials, applicationId: string) => openAccountResponseSchema.parse((await post(kiosk, ACCOUNT_OPENING_PATHS.open, { applicationId })).json());
    const accountsOf = async (applicationId: string) => (await testDb.db.query<{ account_id: string }>('SELECT account_id FROM demo_bank_account_openings WHERE application_id = $1', [applicationId])).rows;

    it('files, is approved by the expert, opens one account however often it is asked, and the expert view is audited', async () => {
      const kiosk = await enrollTestKiosk(stores.authStore);
      const application = sampleApplication(kiosk.kioskId);
      expect(await file(kiosk, application)).toEqual({ outcome: 'filed', applicationId: application.applicationId });
      // Filing again (a retry) answers the first filing.
      expect(await file(kiosk, application)).toEqual({ outcome: 'filed', applicationId: application.applicationId });
      expect(await status(kiosk, application.applicationId)).toEqual({ outcome: 'ok', status: 'filed' });
      // Not approved yet: nothing opens.
      expect(await openAccount(kiosk, application.applicationId)).toEqual({ outcome: 'refused', reason: 'not-approved' });

      const { decisionId } = await recordExpertDecision(assist.store, { kioskId: kiosk.kioskId, applicationId: application.applicationId, staffId: expertId, decision: 'approve' });
      const approved = await status(kiosk, application.applicationId);
      expect(approved).toMatchObject({ outcome: 'ok', status: 'approved', decision: { decisionId, decision: 'approve' } });

      const [first, second] = await Promise.all([openAccount(kiosk, application.applicationId), openAccount(kiosk, application.applicationId)].map((p) => p.catch(() => null)));
      const opened = [first, second].find((answer) => answer?.outcome === 'opened');
      if (opened?.outcome !== 'opened') throw new Error('not opened');
      expect(opened.maskedAccount).toMatch(/^6222\*{4}\d{4}$/);
      expect(opened.decision.decisionId).toBe(decisionId);
      // Asked again afterwards: the same account.
      expect(await openAccount(kiosk, application.applicationId)).toEqual(opened);
      expect(await accountsOf(application.applicationId)).toHaveLength(1);
      const account = await testDb.db.query<{ kind: string; balance_minor: unknown }>('SELECT kind, balance_minor FROM demo_bank_accounts WHERE account_id = $1', [opened.accountId]);
      expect(account.rows.map((r) => [r.kind, Number(r.balance_minor)])).toEqual([['current', 0]]);
      expect(await status(kiosk, application.applicationId)).toMatchObject({ outcome: 'ok', status: 'opened' });

      // Sealed at rest: neither the name nor the ID number is in the row.
      const stored = await testDb.db.query<{ sealed: string }>('SELECT sealed FROM account_applications WHERE application_id = $1', [application.applicationId]);
      expect(stored.rows[0]?.sealed).toMatch(/^enc1:/);
      expect(stored.rows[0]?.sealed).not.toContain(application.document.idNumber);

      const view = await app.inject({ method: 'GET', url: `${ACCOUNT_OPENING_PATHS.staffView}/${application.applicationId}`, headers: { authorization: `Bearer ${expertToken}` } });
      expect(view.statusCode).toBe(200);
      const seen = staffApplicationViewSchema.parse(view.json());
      expect(seen).toMatchObject({ status: 'opened', document: application.document, age: 36, kyc: application.kyc, decision: { decisionId } });
      const audit = await testDb.db.query<{ staff_id: string }>('SELECT staff_id FROM account_application_views WHERE application_id = $1', [application.applicationId]);
      expect(audit.rows.map((r) => r.staff_id)).toEqual([expertId]);
      // Tellers do not see applications; nobody unsigned does.
      expect((await app.inject({ method: 'GET', url: `${ACCOUNT_OPENING_PATHS.staffView}/${application.applicationId}`, headers: { authorization: `Bearer ${tellerToken}` } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: `${ACCOUNT_OPENING_PATHS.staffView}/${application.applicationId}` })).statusCode).toBe(401);

      const logs = logLines.join('\n');
      expect(logs).toContain('banking: account opened');
      for (const secret of [application.document.idNumber, application.document.name, application.idPhoto?.base64 ?? 'no photo']) expect(logs).not.toContain(secret);
    });

    it('takes three photos above the hub-wide 1 MiB on the filing route only', async () => {
      const kiosk = await enrollTestKiosk(stores.authStore);
      const photo = { mime: 'image/jpeg' as const, base64: 'A'.repeat(390_000) };
      const application = sampleApplication(kiosk.kioskId, { idPhoto: photo, consent: { ...sampleApplication(kiosk.kioskId).consent, signature: { mime: 'image/png', base64: 'B'.repeat(390_000) } } });
      if (application.face.outcome !== 'checked') throw new Error('fixture');
      application.face = { ...application.face, livePhoto: photo };
      expect(await file(kiosk, application)).toMatchObject({ outcome: 'filed' });
      // The same size elsewhere is still refused.
      const big = await post(kiosk, ACCOUNT_OPENING_PATHS.status, { applicationId: application.applicationId, padding: 'C'.repeat(1_100_000) });
      expect(big.statusCode).toBe(413);
    });

    it('refuses bad input with 400, and an under-age or expired document with its typed reason', async () => {
      const kiosk = await enrollTestKiosk(stores.authStore);
      const bad = await post(kiosk, ACCOUNT_OPENING_PATHS.applications, { ...sampleApplication(kiosk.kioskId), kyc: { occupation: 'pirate' } });
      expect(bad.statusCode).toBe(400);
      expect(errorBodySchema.parse(bad.json()).code).toBe('BAD_REQUEST');
      expect((await post(kiosk, ACCOUNT_OPENING_PATHS.open, { applicationId: 'not-a-uuid' })).statusCode).toBe(400);
      const base = sampleApplication(kiosk.kioskId);
      expect(await file(kiosk, { ...base, document: { ...base.document, birthDate: bornYearsAgo(15) } })).toEqual({ outcome: 'refused', reason: 'under-age' });
      expect(await file(kiosk, sampleApplication(kiosk.kioskId, { document: { ...base.document, validTo: '2020-01-31' } }))).toEqual({ outcome: 'refused', reason: 'document-expired' });
      // Refused filings leave nothing to look up.
      expect(await status(kiosk, base.applicationId)).toEqual({ outcome: 'refused', reason: 'unknown-application' });
    });

    it('declined stays declined; withdrawn then approved cannot open; another kiosk cannot see or open it', async () => {
      const kiosk = await enrollTestKiosk(stores.authStore);
      const other = await enrollTestKiosk(stores.authStore);
      const declined = sampleApplication(kiosk.kioskId);
      await file(kiosk, declined);
      await recordExpertDecision(assist.store, { kioskId: kiosk.kioskId, applicationId: declined.applicationId, staffId: expertId, decision: 'decline' });
      expect(await status(kiosk, declined.applicationId)).toMatchObject({ outcome: 'ok', status: 'declined', decision: { decision: 'decline' } });
      expect(await openAccount(kiosk, declined.applicationId)).toEqual({ outcome: 'refused', reason: 'declined' });

      const left = sampleApplication(kiosk.kioskId);
      await file(kiosk, left);
      expect(await status(other, left.applicationId)).toEqual({ outcome: 'refused', reason: 'unknown-application' });
      expect(await openAccount(other, left.applicationId)).toEqual({ outcome: 'refused', reason: 'unknown-application' });
      const withdrawn = applicationStatusResponseSchema.parse((await post(kiosk, ACCOUNT_OPENING_PATHS.withdraw, { applicationId: left.applicationId, reason: 'no-expert' })).json());
      expect(withdrawn).toEqual({ outcome: 'ok', status: 'withdrawn' });
      const late = await recordExpertDecision(assist.store, { kioskId: kiosk.kioskId, applicationId: left.applicationId, staffId: expertId, decision: 'approve' });
      expect(late.recorded).toBe(true);
      expect(await status(kiosk, left.applicationId)).toEqual({ outcome: 'ok', status: 'withdrawn' });
      expect(await openAccount(kiosk, left.applicationId)).toEqual({ outcome: 'refused', reason: 'withdrawn' });
      expect(await accountsOf(left.applicationId)).toHaveLength(0);
    });
  });
}
