// Recommendation rules end to end over HTTP (inject), on whichever database the caller opens:
// a supervisor creates the rule (after an electricity bill payment, auto-pay), a kiosk
// pulls it by cursor only while it is enabled and at its latest version; a stale save is
// refused; every change is audited with who and when; the explain says why in words; synced
// impressions, acceptances and refusals are counted per rule once (a replay adds nothing);
// experts and tellers get nothing; bad rules are refused. The kiosk-signed consent route
// answers only the flag of the customer whose card session the kiosk holds.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../protocol/assist-values.js';
import { cardKeySchema } from '../../protocol/card-security.js';
import { changesResponseSchema, HUB_API_PATHS, type ChangeItem, type TransactionItem } from '../../protocol/hub-api.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import {
  acceptanceRate,
  kioskRuleSchema,
  marketingConsentResponseSchema,
  RECOMMENDATION_ITEM_PREFIX,
  RECOMMENDATION_PATHS,
  RECOMMENDATION_TRANSACTION_TYPE,
  recommendationItemKey,
  ruleDetailSchema,
  ruleListResponseSchema,
  type RecommendationPayload,
} from '../../protocol/recommendations.js';
import { autoPayRule, ticketInfoRule } from '../../protocol/recommendations.testing.js';
import { BANKING_PATHS, cardAuthorisationResponseSchema } from '../../protocol/core-banking.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist/assist-config.js';
import { createAssist, type Assist } from '../assist/assist-hub.node.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { ephemeralSecretKey } from '../auth/hub-secret-key.node.js';
import { createBanking } from '../banking/register-core-banking.node.js';
import { buildHub } from '../server.js';
import { sealedSeedCard, seedPinBlock } from '../testing/banking.node.js';
import { enrollTestKiosk, signedInject, TEST_TOKENS } from '../testing/kiosk-auth.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { openTestStores } from '../testing/test-hub.js';
import { uniqueKioskId } from '../testing/transaction-items.js';
import { createRecommendationStore } from './recommendation-store.js';

export function describeRecommendationRoutes(label: string, open: () => Promise<TestDatabase>): void {
  describe(`recommendation rules over HTTP (${label})`, () => {
    let testDb: TestDatabase;
    let assist: Assist;
    let app: FastifyInstance;
    let kiosk: KioskCredentials;
    let cursor: string | undefined;
    let seq = 0;
    const clock = new FakeClock(Date.UTC(2026, 11, 4, 9, 0, 0));

    beforeAll(async () => {
      testDb = await open();
      const stores = await openTestStores(testDb.db);
      assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: pino({ level: 'silent' }), clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
      const banking = await createBanking('demo', { db: testDb.db, secretKey: ephemeralSecretKey(), logger: pino({ level: 'silent' }) });
      app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, assist, banking, recommendations: createRecommendationStore(testDb.db, clock) });
      const branchId = `BR-${Math.random().toString(36).slice(2, 7)}`;
      kiosk = await enrollTestKiosk(stores.authStore, uniqueKioskId(), branchId);
      expect((await signedInject(app, kiosk, { method: 'POST', url: HUB_API_PATHS.registerKiosk, payload: { kioskId: kiosk.kioskId, branchId } })).statusCode).toBe(201);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await testDb?.dispose();
    });

    async function signIn(role: StaffRole = 'supervisor'): Promise<string> {
      const who = await createTestStaff(assist.staffAuth, { role, displayName: `Editor ${role}` });
      clock.advanceSec(30);
      return loginTestStaff(assist.staffAuth, clock, who);
    }
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: object) =>
      app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });
    const at = (template: string, ruleId: string) => template.replace(':ruleId', ruleId);

    async function pull(): Promise<ChangeItem[]> {
      const items: ChangeItem[] = [];
      for (;;) {
        const url = HUB_API_PATHS.kioskChanges.replace(':kioskId', kiosk.kioskId) + (cursor ? `?cursor=${cursor}` : '');
        const res = await signedInject(app, kiosk, { method: 'GET', url });
        expect(res.statusCode).toBe(200);
        const page = changesResponseSchema.parse(res.json());
        items.push(...page.items.filter((i) => i.key.startsWith(RECOMMENDATION_ITEM_PREFIX)));
        cursor = page.cursor;
        if (!page.hasMore) return items;
      }
    }

    function event(ruleId: string, kind: RecommendationPayload['event'], ruleVersion = 1): TransactionItem {
      seq += 1;
      const payload: RecommendationPayload = { eventId: globalThis.crypto.randomUUID(), ruleId, ruleVersion, event: kind, journey: 'bill-payment', at: new Date(clock.now()).toISOString() };
      return { id: uuidv7(), seq, type: RECOMMENDATION_TRANSACTION_TYPE, schemaVersion: 1, createdAt: payload.at, payload };
    }
    async function sync(items: TransactionItem[]): Promise<string[]> {
      const res = await signedInject(app, kiosk, { method: 'POST', url: HUB_API_PATHS.transactions, payload: { kioskId: kiosk.kioskId, items } });
      expect(res.statusCode).toBe(200);
      return (res.json() as { results: { status: string }[] }).results.map((r) => r.status);
    }

    let ruleId = '';

    it('creates a rule disabled (no kiosk gets it), enables it (kiosks pull it), saves a version, refuses a stale save, disables it', async () => {
      const editor = await signIn('supervisor');
      const created = await call('POST', RECOMMENDATION_PATHS.list, editor, { definition: autoPayRule() });
      expect(created.statusCode).toBe(201);
      const rule = ruleDetailSchema.parse(created.json());
      ruleId = rule.id;
      expect(rule).toMatchObject({ version: 1, enabled: false, counts: { shown: 0, accepted: 0, declined: 0 }, updated: { byName: 'Editor supervisor' } });
      expect(rule.explain.en).toContain('After a bill payment that succeeded, when the biller category is electricity, and it was paid by card');
      expect(rule.explain['zh-CN']).toContain('缴费类别为电费');
      expect((await pull()).map((i) => i.value)).toEqual([null]);

      expect((await call('POST', at(RECOMMENDATION_PATHS.enable, ruleId), editor)).statusCode).toBe(200);
      const [pulled, ...rest] = await pull();
      expect(rest).toEqual([]);
      expect(pulled?.key).toBe(recommendationItemKey(ruleId));
      expect(kioskRuleSchema.parse(pulled?.value)).toEqual({ id: ruleId, version: 1, definition: autoPayRule() });
      expect((await call('POST', at(RECOMMENDATION_PATHS.enable, ruleId), editor)).statusCode).toBe(409);

      clock.advanceSec(60);
      const saved = await call('PUT', at(RECOMMENDATION_PATHS.detail, ruleId), editor, { baseVersion: 1, definition: autoPayRule({ priority: 20 }) });
      expect(saved.statusCode).toBe(200);
      expect(ruleDetailSchema.parse(saved.json())).toMatchObject({ version: 2, enabled: true, definition: { priority: 20 } });
      expect(kioskRuleSchema.parse((await pull())[0]?.value)).toMatchObject({ version: 2, definition: { priority: 20 } });
      const stale = await call('PUT', at(RECOMMENDATION_PATHS.detail, ruleId), await signIn('admin'), { baseVersion: 1, definition: autoPayRule({ priority: 30 }) });
      expect(stale.statusCode).toBe(409);

      expect((await call('POST', at(RECOMMENDATION_PATHS.disable, ruleId), editor)).statusCode).toBe(200);
      expect((await pull()).map((i) => i.value)).toEqual([null]);
      expect((await call('POST', at(RECOMMENDATION_PATHS.enable, ruleId), editor)).statusCode).toBe(200);
      expect(await pull()).toHaveLength(1);

      const detail = ruleDetailSchema.parse((await call('GET', at(RECOMMENDATION_PATHS.detail, ruleId), editor)).json());
      expect(detail.audit.map((e) => [e.event, e.version])).toEqual([['enabled', 2], ['disabled', 2], ['saved', 2], ['enabled', 1], ['created', 1]]);
      expect(detail.audit.every((e) => e.byName === 'Editor supervisor')).toBe(true);
    });

    it('counts impressions, acceptances and refusals per rule from synced events, once', async () => {
      const editor = await signIn('admin');
      const other = ruleDetailSchema.parse((await call('POST', RECOMMENDATION_PATHS.list, editor, { definition: ticketInfoRule(), enabled: true })).json());
      expect(other.enabled).toBe(true);
      const shown = [event(ruleId, 'shown'), event(ruleId, 'shown'), event(ruleId, 'shown'), event(other.id, 'shown')];
      const answers = [event(ruleId, 'accepted', 2), event(ruleId, 'declined', 2)];
      expect(await sync([...shown, ...answers])).toEqual(Array(6).fill('stored'));
      expect(await sync([shown[0] as TransactionItem, answers[0] as TransactionItem])).toEqual(['duplicate', 'duplicate']);
      // A malformed payload is kept as a transaction but counts for nothing.
      seq += 1;
      expect(await sync([{ id: uuidv7(), seq, type: RECOMMENDATION_TRANSACTION_TYPE, schemaVersion: 1, createdAt: new Date(clock.now()).toISOString(), payload: { ruleId, event: 'clicked' } }])).toEqual(['stored']);

      const list = ruleListResponseSchema.parse((await call('GET', RECOMMENDATION_PATHS.list, editor)).json());
      const mine = list.rules.find((r) => r.id === ruleId);
      expect(mine?.counts).toEqual({ shown: 3, accepted: 1, declined: 1 });
      expect(mine && acceptanceRate(mine.counts)).toBeCloseTo(1 / 3);
      expect(list.rules.find((r) => r.id === other.id)?.counts).toEqual({ shown: 1, accepted: 0, declined: 0 });
      // Highest priority first among the enabled.
      expect(list.rules.map((r) => r.id).slice(0, 2)).toEqual([ruleId, other.id]);
    });

    it('is for supervisors and admins only; refuses malformed rules and unknown ids', async () => {
      expect((await call('GET', RECOMMENDATION_PATHS.list, null)).statusCode).toBe(401);
      for (const role of ['expert', 'teller', 'operations'] as const) {
        const token = await signIn(role);
        expect((await call('GET', RECOMMENDATION_PATHS.list, token)).statusCode).toBe(403);
        expect((await call('POST', RECOMMENDATION_PATHS.list, token, { definition: autoPayRule() })).statusCode).toBe(403);
      }
      const editor = await signIn('supervisor');
      const bad: object[] = [
        { definition: autoPayRule({ name: '' }) },
        { definition: { ...autoPayRule(), suggestion: { ...autoPayRule().suggestion, action: { type: 'url', href: 'https://evil.example' } } } },
        { definition: { ...autoPayRule(), when: { journey: 'bill-payment', outcome: 'success', conditions: [{ field: 'pan', equals: '6222021000000000017' }] } } },
        { definition: autoPayRule(), enabled: 'yes' },
        { definition: autoPayRule(), sql: '1=1' },
      ];
      for (const body of bad) expect((await call('POST', RECOMMENDATION_PATHS.list, editor, body)).statusCode).toBe(400);
      expect((await call('GET', at(RECOMMENDATION_PATHS.detail, 'nope'), editor)).statusCode).toBe(400);
      expect((await call('GET', at(RECOMMENDATION_PATHS.detail, globalThis.crypto.randomUUID()), editor)).statusCode).toBe(404);
      expect((await call('POST', at(RECOMMENDATION_PATHS.disable, globalThis.crypto.randomUUID()), editor)).statusCode).toBe(404);
    });

    it('answers the marketing-consent flag of the card session the kiosk holds, and nothing else', async () => {
      const cardKey = cardKeySchema.parse((await signedInject(app, kiosk, { method: 'GET', url: BANKING_PATHS.cardKey })).json());
      async function sessionOf(cardId: string): Promise<string> {
        const res = await signedInject(app, kiosk, { method: 'POST', url: BANKING_PATHS.cardSessions, payload: { kioskId: kiosk.kioskId, card: sealedSeedCard(cardKey, cardId), pin: seedPinBlock(cardId) } });
        const answer = cardAuthorisationResponseSchema.parse(res.json());
        if (answer.outcome !== 'approved') throw new Error(`card ${cardId} ${answer.reason}`);
        return answer.session.sessionId;
      }
      const consentOf = async (sessionId: string) => {
        const res = await signedInject(app, kiosk, { method: 'POST', url: RECOMMENDATION_PATHS.consent, payload: { kioskId: kiosk.kioskId, sessionId } });
        expect(res.statusCode).toBe(200);
        expect(Object.keys(res.json() as object)).toEqual(['consent']);
        return marketingConsentResponseSchema.parse(res.json()).consent;
      };
      const zhang = await sessionOf('K1001');
      expect(await consentOf(zhang)).toBe('given');
      expect(await consentOf(await sessionOf('K1003'))).toBe('refused');
      expect(await consentOf(globalThis.crypto.randomUUID())).toBe('refused');
      expect((await signedInject(app, kiosk, { method: 'POST', url: BANKING_PATHS.endCardSession, payload: { kioskId: kiosk.kioskId, sessionId: zhang } })).statusCode).toBe(200);
      expect(await consentOf(zhang)).toBe('refused');
      expect((await signedInject(app, kiosk, { method: 'POST', url: RECOMMENDATION_PATHS.consent, payload: { kioskId: kiosk.kioskId, sessionId: 'x' } })).statusCode).toBe(400);
    });
  });
}
