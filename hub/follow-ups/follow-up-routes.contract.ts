// Follow-up cases end to end over HTTP (inject), on whichever database the caller opens: a
// kiosk syncs feedback and a call-back, the hub opens cases for the detractor and the call-back
// (not for a promoter, and nothing again on replay), staff list them masked, take one, read it
// (phone in full for the owner only, audited), note, move it to contacted and closed, see the
// breach on a fake clock, and read the customer-voice report as JSON and CSV.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../protocol/assist-values.js';
import { CALLBACK_TRANSACTION_TYPE, type CallbackPayload } from '../../protocol/call-back.js';
import { FEEDBACK_TRANSACTION_TYPE, type FeedbackPayload } from '../../protocol/customer-feedback.js';
import { FOLLOW_UP_PATHS, followUpCaseSchema, followUpDetailSchema, followUpListResponseSchema, voiceReportResponseSchema, type FollowUpCase } from '../../protocol/follow-ups.js';
import { HUB_API_PATHS, type TransactionItem } from '../../protocol/hub-api.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist/assist-config.js';
import { createAssist, type Assist } from '../assist/assist-hub.node.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { buildHub } from '../server.js';
import { enrollTestKiosk, signedInject, TEST_TOKENS } from '../testing/kiosk-auth.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { openTestStores } from '../testing/test-hub.js';
import { uniqueKioskId } from '../testing/transaction-items.js';
import { createFollowUpStore } from './follow-up-store.js';

const HOUR = 3600_000;

export function describeFollowUpRoutes(label: string, open: () => Promise<TestDatabase>): void {
  describe(`follow-up cases over HTTP (${label})`, () => {
    let testDb: TestDatabase;
    let assist: Assist;
    let app: FastifyInstance;
    let kiosk: KioskCredentials;
    let seq = 0;
    const clock = new FakeClock(Date.UTC(2026, 11, 3, 9, 0, 0));
    const branchId = `BR-${Math.random().toString(36).slice(2, 7)}`;

    beforeAll(async () => {
      testDb = await open();
      const stores = await openTestStores(testDb.db);
      assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: pino({ level: 'silent' }), clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
      app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, assist, followUps: createFollowUpStore(testDb.db, clock) });
      kiosk = await enrollTestKiosk(stores.authStore, uniqueKioskId(), branchId);
      expect((await signedInject(app, kiosk, { method: 'POST', url: HUB_API_PATHS.registerKiosk, payload: { kioskId: kiosk.kioskId, branchId } })).statusCode).toBe(201);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await testDb?.dispose();
    });

    async function signIn(role: StaffRole = 'supervisor'): Promise<string> {
      const who = await createTestStaff(assist.staffAuth, { role });
      clock.advanceSec(30);
      return loginTestStaff(assist.staffAuth, clock, who);
    }
    const call = (method: 'GET' | 'POST', url: string, token: string | null, payload?: object) =>
      app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });
    const at = (template: string, caseId: string) => template.replace(':caseId', caseId);

    function item(type: string, payload: object): TransactionItem {
      seq += 1;
      return { id: uuidv7(), seq, type, schemaVersion: 1, createdAt: new Date(clock.now()).toISOString(), payload: payload as Record<string, unknown> };
    }
    const feedback = (score: number, extra: Partial<FeedbackPayload> = {}): TransactionItem =>
      item(FEEDBACK_TRANSACTION_TYPE, { feedbackId: globalThis.crypto.randomUUID(), score, journey: 'queue-ticket', service: 'deposits', reference: 'A017', locale: 'zh-CN', givenAt: new Date(clock.now()).toISOString(), ...extra } satisfies FeedbackPayload);
    const callback = (): TransactionItem =>
      item(CALLBACK_TRANSACTION_TYPE, { reference: 'CB-7K3M9P', phone: '13812345678', locale: 'en', topic: 'cards', consent: true, requestedAt: new Date(clock.now()).toISOString() } satisfies CallbackPayload);

    async function sync(items: TransactionItem[]): Promise<string[]> {
      const res = await signedInject(app, kiosk, { method: 'POST', url: HUB_API_PATHS.transactions, payload: { kioskId: kiosk.kioskId, items } });
      expect(res.statusCode).toBe(200);
      return (res.json() as { results: { status: string }[] }).results.map((r) => r.status);
    }
    async function listed(token: string, query = ''): Promise<FollowUpCase[]> {
      const res = await call('GET', `${FOLLOW_UP_PATHS.list}${query}`, token);
      expect(res.statusCode).toBe(200);
      return followUpListResponseSchema.parse(res.json()).cases.filter((c) => c.kioskId === kiosk.kioskId);
    }

    it('opens a case for a detractor and for a call-back, none for a promoter, nothing again on replay; phones masked in lists', async () => {
      const detractor = feedback(3, { reason: 'waiting-time', comment: '排队太久了' });
      const items = [detractor, feedback(9, { reason: 'staff' }), callback()];
      expect(await sync(items)).toEqual(['stored', 'stored', 'stored']);
      expect(await sync([detractor])).toEqual(['duplicate']);
      const token = await signIn();
      const cases = await listed(token);
      expect(cases.map((c) => c.kind).sort()).toEqual(['call-back', 'detractor']);
      const found = cases.find((c) => c.kind === 'detractor');
      expect(found).toMatchObject({ score: 3, reason: 'waiting-time', comment: '排队太久了', status: 'open', owner: null, branchId, breached: false, reference: 'A017' });
      expect(Date.parse(found?.dueAt ?? '') - Date.parse(found?.openedAt ?? '')).toBe(24 * HOUR);
      const callBack = cases.find((c) => c.kind === 'call-back');
      expect(callBack).toMatchObject({ phone: '138****5678', phoneMasked: true, reference: 'CB-7K3M9P' });
      expect(JSON.stringify(cases)).not.toContain('13812345678');
    });

    it('lets one staff member take a case; the owner sees the phone in full (audited), others masked; notes say who and when', async () => {
      const [synced] = await sync([callback()]);
      expect(synced).toBe('stored');
      const owner = await signIn('expert');
      const other = await signIn('supervisor');
      const mine = (await listed(owner, '?status=open')).filter((c) => c.kind === 'call-back' && c.owner === null).at(-1);
      if (!mine) throw new Error('no open call-back case');
      const taken = await call('POST', at(FOLLOW_UP_PATHS.take, mine.caseId), owner);
      expect(taken.statusCode).toBe(200);
      expect(followUpCaseSchema.parse(taken.json()).owner).not.toBeNull();
      expect((await call('POST', at(FOLLOW_UP_PATHS.take, mine.caseId), other)).statusCode).toBe(409);

      const ownView = followUpDetailSchema.parse((await call('GET', at(FOLLOW_UP_PATHS.detail, mine.caseId), owner)).json());
      expect(ownView).toMatchObject({ phone: '13812345678', phoneMasked: false });
      const otherView = followUpDetailSchema.parse((await call('GET', at(FOLLOW_UP_PATHS.detail, mine.caseId), other)).json());
      expect(otherView).toMatchObject({ phone: '138****5678', phoneMasked: true });
      const { rows } = await testDb.db.query<{ event: string }>('SELECT event FROM follow_up_audit WHERE case_id = $1 ORDER BY audit_id', [mine.caseId]);
      expect(rows.map((r) => r.event)).toEqual(['taken', 'phone-revealed']);

      const noted = await call('POST', at(FOLLOW_UP_PATHS.notes, mine.caseId), other, { text: 'Customer asked for a call after 18:00' });
      expect(noted.statusCode).toBe(200);
      const withNote = followUpDetailSchema.parse(noted.json());
      expect(withNote.notes).toEqual([expect.objectContaining({ text: 'Customer asked for a call after 18:00', at: new Date(clock.now()).toISOString() })]);
      expect(withNote.phoneMasked).toBe(true);
    });

    it('carries the number a detractor left for a call-back into the case, masked in lists', async () => {
      await sync([feedback(4, { reason: 'other', phone: '+447911123456', consent: true })]);
      const token = await signIn();
      const found = (await listed(token)).find((c) => c.kind === 'detractor' && c.score === 4);
      expect(found).toMatchObject({ phone: '+44******3456', phoneMasked: true });
    });

    it('moves open → contacted → closed with a resolution, only by its owner and only along the allowed moves', async () => {
      await sync([feedback(5, { reason: 'fees' })]);
      const owner = await signIn();
      const someone = await signIn();
      const open = (await listed(owner, '?status=open')).find((c) => c.kind === 'detractor' && c.reason === 'fees');
      if (!open) throw new Error('no open fees case');
      const move = (token: string, body: object) => call('POST', at(FOLLOW_UP_PATHS.status, open.caseId), token, body);
      expect((await move(owner, { status: 'contacted' })).statusCode).toBe(409); // not taken yet
      expect((await call('POST', at(FOLLOW_UP_PATHS.take, open.caseId), owner)).statusCode).toBe(200);
      expect((await move(someone, { status: 'contacted' })).statusCode).toBe(409);
      expect((await move(owner, { status: 'open' })).statusCode).toBe(400);
      expect((await move(owner, { status: 'closed' })).statusCode).toBe(400); // no resolution
      const contacted = followUpCaseSchema.parse((await move(owner, { status: 'contacted' })).json());
      expect(contacted).toMatchObject({ status: 'contacted', contactedAt: new Date(clock.now()).toISOString(), breached: false });
      const closed = followUpCaseSchema.parse((await move(owner, { status: 'closed', resolution: 'resolved' })).json());
      expect(closed).toMatchObject({ status: 'closed', resolution: 'resolved' });
      expect((await move(owner, { status: 'contacted' })).statusCode).toBe(409);
      expect((await listed(owner, '?status=closed')).map((c) => c.caseId)).toContain(open.caseId);
    });

    it('marks a case breached once its deadline passes uncontacted, and filters by it', async () => {
      await sync([feedback(0, { reason: 'device-problem' })]);
      const token = await signIn();
      const fresh = (await listed(token, '?status=open')).find((c) => c.reason === 'device-problem');
      if (!fresh) throw new Error('no device-problem case');
      expect(fresh.breached).toBe(false);
      expect((await listed(token, '?breached=false')).map((c) => c.caseId)).toContain(fresh.caseId);
      clock.advanceSec(25 * 3600);
      const nextDay = await signIn(); // yesterday's session has expired
      const later = (await listed(nextDay, '?breached=true')).find((c) => c.caseId === fresh.caseId);
      expect(later?.breached).toBe(true);
      expect((await listed(nextDay, '?breached=false')).map((c) => c.caseId)).not.toContain(fresh.caseId);
    });

    it('reports feedback by month × category × service with NPS, as JSON and as CSV with a BOM', async () => {
      const token = await signIn();
      const res = await call('GET', `${FOLLOW_UP_PATHS.report}?from=2026-12&to=2026-12`, token);
      expect(res.statusCode).toBe(200);
      const rows = voiceReportResponseSchema.parse(res.json()).rows;
      expect(rows).toContainEqual({ month: '2026-12', category: 'waiting-time', service: 'deposits', count: 1, promoters: 0, passives: 0, detractors: 1, nps: -100 });
      expect(rows).toContainEqual(expect.objectContaining({ category: 'staff', promoters: 1, nps: 100 }));
      const csv = await call('GET', `${FOLLOW_UP_PATHS.reportCsv}?from=2026-12`, token);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(csv.body).toContain('month,category,service,responses,promoters,passives,detractors,nps\r\n');
      expect(csv.body).toContain('2026-12,waiting-time,deposits,1,0,0,1,-100\r\n');
      const none = voiceReportResponseSchema.parse((await call('GET', `${FOLLOW_UP_PATHS.report}?from=2027-01`, token)).json());
      expect(none.rows).toEqual([]);
    });

    it('refuses without a staff session and with bad input', async () => {
      expect((await call('GET', FOLLOW_UP_PATHS.list, null)).statusCode).toBe(401);
      expect((await call('GET', FOLLOW_UP_PATHS.report, null)).statusCode).toBe(401);
      const token = await signIn();
      expect((await call('GET', `${FOLLOW_UP_PATHS.list}?status=lost`, token)).statusCode).toBe(400);
      expect((await call('GET', `${FOLLOW_UP_PATHS.report}?from=2026-13`, token)).statusCode).toBe(400);
      expect((await call('POST', at(FOLLOW_UP_PATHS.take, 'not-a-uuid'), token)).statusCode).toBe(400);
      expect((await call('POST', at(FOLLOW_UP_PATHS.take, globalThis.crypto.randomUUID()), token)).statusCode).toBe(404);
      const anyCase = (await listed(token))[0];
      if (!anyCase) throw new Error('no case');
      expect((await call('POST', at(FOLLOW_UP_PATHS.notes, anyCase.caseId), token, { text: '' })).statusCode).toBe(400);
    });
  });
}
