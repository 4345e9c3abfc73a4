// Service analytics over HTTP (inject), on whichever database the caller opens: supervisors
// and admins read every view and its CSV; experts, tellers and operations get 403, nobody
// signed in 401; bad query parameters a 400 naming the field.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYTICS_VIEWS, analyticsPath, analyticsResponseSchema } from '../../protocol/analytics.js';
import type { StaffRole } from '../../protocol/assist-values.js';
import { errorBodySchema } from '../../protocol/hub-api.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist/assist-config.js';
import { createAssist, type Assist } from '../assist/assist-hub.node.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { buildHub } from '../server.js';
import { TEST_TOKENS } from '../testing/kiosk-auth.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { openTestStores } from '../testing/test-hub.js';
import { createAnalyticsService } from './analytics-service.js';

export function describeAnalyticsRoutes(label: string, open: () => Promise<TestDatabase>): void {
  describe(`service analytics over HTTP (${label})`, () => {
    let testDb: TestDatabase;
    let assist: Assist;
    let app: FastifyInstance;
    const clock = new FakeClock(Date.UTC(2026, 11, 4, 9, 0, 0));

    beforeAll(async () => {
      testDb = await open();
      const stores = await openTestStores(testDb.db);
      assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: pino({ level: 'silent' }), clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
      app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, assist, analytics: createAnalyticsService(testDb.db, clock) });
      await testDb.db.query(`INSERT INTO kiosks (kiosk_id, branch_id) VALUES ('KA1', 'BRA')`);
      await testDb.db.query(
        `INSERT INTO customer_feedback (kiosk_id, tx_id, feedback_id, branch_id, journey, service, score, locale, given_at)
         VALUES ('KA1', gen_random_uuid(), gen_random_uuid(), 'BRA', 'video-call', 'video-call', 9, 'zh-CN', '2026-12-03T10:00:00Z')`,
      );
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await testDb?.dispose();
    });

    async function signIn(role: StaffRole): Promise<string> {
      const who = await createTestStaff(assist.staffAuth, { role });
      clock.advanceSec(30);
      return loginTestStaff(assist.staffAuth, clock, who);
    }
    const get = (url: string, token: string | null) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('serves every view to a supervisor and an admin, the last 30 days by default', async () => {
      for (const role of ['supervisor', 'admin'] as const) {
        const token = await signIn(role);
        for (const view of ANALYTICS_VIEWS) {
          const reply = await get(analyticsPath(view), token);
          expect(reply.statusCode, `${role} ${view}`).toBe(200);
          const body = analyticsResponseSchema.parse(reply.json());
          expect(body).toMatchObject({ view, from: '2026-11-05', to: '2026-12-04', group: 'day' });
        }
      }
      const token = await signIn('supervisor');
      const feedback = analyticsResponseSchema.parse((await get(`${analyticsPath('feedback')}?branchId=BRA&group=week`, token)).json());
      expect(feedback.view === 'feedback' && feedback.total).toMatchObject({ responses: 1, promoters: 1, nps: 100 });
    });

    it('exports a view as CSV with a header row', async () => {
      const token = await signIn('admin');
      const reply = await get(`${analyticsPath('feedback', true)}?from=2026-12-01&to=2026-12-04`, token);
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(reply.headers['content-disposition']).toBe('attachment; filename="analytics-feedback-2026-12-01-2026-12-04.csv"');
      expect(reply.body.split('\r\n').slice(0, 2)).toEqual(['\uFEFFperiod,responses,promoters,passives,detractors,nps,satisfaction', '2026-12-03,1,1,0,0,100,9']);
    });

    it('refuses experts, tellers and operations staff (403) and strangers (401)', async () => {
      for (const role of ['expert', 'teller', 'operations'] as const) {
        const token = await signIn(role);
        for (const url of [analyticsPath('tickets'), analyticsPath('tickets', true)]) {
          const reply = await get(url, token);
          expect(reply.statusCode, `${role} ${url}`).toBe(403);
        }
      }
      expect((await get(analyticsPath('calls'), null)).statusCode).toBe(401);
    });

    it('answers bad parameters with a typed 400 naming the field', async () => {
      const token = await signIn('supervisor');
      const cases: [string, RegExp][] = [
        ['/v1/staff/analytics/revenue', /view/],
        [`${analyticsPath('tickets')}?from=2026-13-01`, /from/],
        [`${analyticsPath('tickets')}?from=2026-12-04&to=2026-12-01`, /from must not be after to/],
        [`${analyticsPath('tickets')}?from=2020-01-01&to=2026-12-01`, /at most 731 days/],
        [`${analyticsPath('tickets')}?group=year`, /group/],
        [`${analyticsPath('tickets')}?counterId=not-a-uuid`, /counterId/],
        [`${analyticsPath('tickets')}?kioskId=KA1&counterId=00000000-0000-4000-8000-000000000001`, /kiosk or by a counter/],
        [`${analyticsPath('tickets')}?branch=BRA`, /unknown field/],
        [`${analyticsPath('calls', true)}?service=%3Dcmd`, /service/],
      ];
      for (const [url, message] of cases) {
        const reply = await get(url, token);
        expect(reply.statusCode, url).toBe(400);
        const body = errorBodySchema.parse(reply.json());
        expect(body.code).toBe('BAD_REQUEST');
        expect(body.message, url).toMatch(message);
      }
    });
  });
}
