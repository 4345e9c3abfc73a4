// The knowledge base end to end over HTTP (inject), on whichever database the caller opens:
// the demo seed publishes its articles once; a supervisor creates an article, saves versions
// (a stale base version is refused), publishes one of them, and a kiosk pulls exactly that
// version by cursor; unpublish and archive take it off kiosks; history and audit say who and
// when; other roles read but cannot write; unsafe bodies are refused.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../protocol/assist-values.js';
import { changesResponseSchema, HUB_API_PATHS, type ChangeItem } from '../../protocol/hub-api.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import {
  articleDetailSchema,
  articleListResponseSchema,
  articleVersionSchema,
  KNOWLEDGE_ITEM_PREFIX,
  KNOWLEDGE_PATHS,
  kioskArticleSchema,
  knowledgeItemKey,
  parseBody,
  type ArticleContent,
} from '../../protocol/knowledge.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist/assist-config.js';
import { createAssist, type Assist } from '../assist/assist-hub.node.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { buildHub } from '../server.js';
import { enrollTestKiosk, signedInject, TEST_TOKENS } from '../testing/kiosk-auth.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { openTestStores } from '../testing/test-hub.js';
import { uniqueKioskId } from '../testing/transaction-items.js';
import { DEMO_ARTICLES, seedDemoArticles } from './demo-articles.js';
import { createKnowledgeStore } from './knowledge-store.js';

export function content(title: string, category: ArticleContent['category'] = 'fees'): ArticleContent {
  return {
    category,
    text: {
      'zh-CN': { title: `${title}（中文）`, body: parseBody('缴费**不收**手续费。\n\n- 本行卡免费'), keywords: ['手续费'] },
      en: { title, body: parseBody('Paying is **free**.'), keywords: ['fee'] },
    },
  };
}

export function describeKnowledgeRoutes(label: string, open: () => Promise<TestDatabase>): void {
  describe(`knowledge base over HTTP (${label})`, () => {
    let testDb: TestDatabase;
    let assist: Assist;
    let app: FastifyInstance;
    let kiosk: KioskCredentials;
    let cursor: string | undefined;
    const clock = new FakeClock(Date.UTC(2026, 11, 4, 9, 0, 0));

    beforeAll(async () => {
      testDb = await open();
      const stores = await openTestStores(testDb.db);
      assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: pino({ level: 'silent' }), clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
      app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, assist, knowledge: createKnowledgeStore(testDb.db, clock) });
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
    const call = (method: 'GET' | 'POST', url: string, token: string | null, payload?: object) =>
      app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });
    const at = (template: string, articleId: string, version?: number) => template.replace(':articleId', articleId).replace(':version', String(version));

    /** The knowledge items of the next pages, from the cursor the last pull stored. */
    async function pull(): Promise<ChangeItem[]> {
      const items: ChangeItem[] = [];
      for (;;) {
        const url = HUB_API_PATHS.kioskChanges.replace(':kioskId', kiosk.kioskId) + (cursor ? `?cursor=${cursor}` : '');
        const res = await signedInject(app, kiosk, { method: 'GET', url });
        expect(res.statusCode).toBe(200);
        const page = changesResponseSchema.parse(res.json());
        items.push(...page.items.filter((i) => i.key.startsWith(KNOWLEDGE_ITEM_PREFIX)));
        cursor = page.cursor;
        if (!page.hasMore) return items;
      }
    }

    it('seeds the demo articles once, published, and kiosks pull them', async () => {
      expect(await seedDemoArticles(testDb.db, clock)).toBe(DEMO_ARTICLES.length);
      expect(await seedDemoArticles(testDb.db, clock)).toBe(0);
      const items = await pull();
      expect(items).toHaveLength(DEMO_ARTICLES.length);
      const slugs = items.map((i) => kioskArticleSchema.parse(i.value).slug).sort();
      expect(slugs).toEqual(DEMO_ARTICLES.map((a) => a.slug).sort());
      const list = articleListResponseSchema.parse((await call('GET', KNOWLEDGE_PATHS.list, await signIn('expert'))).json());
      expect(list.articles.every((a) => a.status === 'published' && a.publishedVersion === 1 && a.updated.byName === 'demo-seed')).toBe(true);
    });

    it('creates, versions, publishes one version to kiosks by cursor, and keeps the history with who and when', async () => {
      const editor = await signIn('supervisor');
      const created = await call('POST', KNOWLEDGE_PATHS.list, editor, { slug: 'atm-fees', content: content('ATM fees v1') });
      expect(created.statusCode).toBe(201);
      const article = articleDetailSchema.parse(created.json());
      expect(article).toMatchObject({ status: 'draft', latestVersion: 1, publishedVersion: null, slug: 'atm-fees', updated: { byName: 'Editor supervisor' } });
      expect(await pull()).toEqual([]); // a draft reaches no kiosk

      clock.advanceSec(60);
      const saved = await call('POST', at(KNOWLEDGE_PATHS.save, article.id), editor, { baseVersion: 1, content: content('ATM fees v2') });
      expect(saved.statusCode).toBe(201);
      expect(articleDetailSchema.parse(saved.json()).latestVersion).toBe(2);
      // An editor still on version 1 must not overwrite version 2 unseen.
      const stale = await call('POST', at(KNOWLEDGE_PATHS.save, article.id), await signIn('admin'), { baseVersion: 1, content: content('ATM fees other') });
      expect(stale.statusCode).toBe(409);

      const published = await call('POST', at(KNOWLEDGE_PATHS.publish, article.id), editor, { version: 1 });
      expect(published.statusCode).toBe(200);
      expect(articleDetailSchema.parse(published.json())).toMatchObject({ status: 'published', publishedVersion: 1, latestVersion: 2 });
      const [first, ...others] = await pull();
      expect(others).toEqual([]);
      expect(first?.key).toBe(knowledgeItemKey(article.id));
      const onKiosk = kioskArticleSchema.parse(first?.value);
      expect(onKiosk).toMatchObject({ id: article.id, version: 1, category: 'fees', text: { en: { title: 'ATM fees v1' } } });
      expect(onKiosk.text['zh-CN'].body[0]).toEqual({ type: 'paragraph', spans: [{ text: '缴费' }, { text: '不收', bold: true }, { text: '手续费。' }] });

      expect((await call('POST', at(KNOWLEDGE_PATHS.publish, article.id), editor, { version: 2 })).statusCode).toBe(200);
      expect((await pull()).map((i) => kioskArticleSchema.parse(i.value).text.en.title)).toEqual(['ATM fees v2']);
      expect((await call('POST', at(KNOWLEDGE_PATHS.publish, article.id), editor, { version: 9 })).statusCode).toBe(409);

      const detail = articleDetailSchema.parse((await call('GET', at(KNOWLEDGE_PATHS.detail, article.id), editor)).json());
      expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(detail.audit.map((e) => [e.event, e.version])).toEqual([['published', 2], ['published', 1], ['saved', 2], ['created', 1]]);
      expect(detail.audit.every((e) => e.byName === 'Editor supervisor')).toBe(true);
      const v1 = articleVersionSchema.parse((await call('GET', at(KNOWLEDGE_PATHS.version, article.id, 1), editor)).json());
      expect(v1.content.text.en.title).toBe('ATM fees v1');
      expect((await call('GET', at(KNOWLEDGE_PATHS.version, article.id, 7), editor)).statusCode).toBe(404);
    });

    it('unpublish and archive take the article off kiosks; an archived article is not edited or published', async () => {
      const editor = await signIn('admin');
      const article = articleDetailSchema.parse((await call('POST', KNOWLEDGE_PATHS.list, editor, { slug: 'safe-boxes', content: content('Safe boxes', 'other') })).json());
      expect((await call('POST', at(KNOWLEDGE_PATHS.publish, article.id), editor, { version: 1 })).statusCode).toBe(200);
      expect((await pull()).map((i) => i.value === null)).toEqual([false]);
      const unpublished = await call('POST', at(KNOWLEDGE_PATHS.unpublish, article.id), editor);
      expect(articleDetailSchema.parse(unpublished.json())).toMatchObject({ status: 'draft', publishedVersion: null });
      expect(await pull()).toEqual([expect.objectContaining({ key: knowledgeItemKey(article.id), value: null })]);
      expect((await call('POST', at(KNOWLEDGE_PATHS.unpublish, article.id), editor)).statusCode).toBe(409);

      expect((await call('POST', at(KNOWLEDGE_PATHS.publish, article.id), editor, { version: 1 })).statusCode).toBe(200);
      expect((await call('POST', at(KNOWLEDGE_PATHS.archive, article.id), editor)).statusCode).toBe(200);
      expect(await pull()).toEqual([expect.objectContaining({ value: null })]);
      expect((await call('POST', at(KNOWLEDGE_PATHS.save, article.id), editor, { baseVersion: 1, content: content('Again') })).statusCode).toBe(409);
      expect((await call('POST', at(KNOWLEDGE_PATHS.publish, article.id), editor, { version: 1 })).statusCode).toBe(409);
      const listed = articleListResponseSchema.parse((await call('GET', KNOWLEDGE_PATHS.list, editor)).json());
      expect(listed.articles.at(-1)).toMatchObject({ id: article.id, status: 'archived' });
    });

    it('lets every role read but only admins and supervisors write; refuses unsafe or malformed bodies', async () => {
      expect((await call('GET', KNOWLEDGE_PATHS.list, null)).statusCode).toBe(401);
      const expert = await signIn('expert');
      expect((await call('GET', KNOWLEDGE_PATHS.list, expert)).statusCode).toBe(200);
      for (const role of ['expert', 'teller', 'operations'] as const) {
        expect((await call('POST', KNOWLEDGE_PATHS.list, role === 'expert' ? expert : await signIn(role), { slug: `by-${role}`, content: content('Nope') })).statusCode).toBe(403);
      }
      const editor = await signIn('supervisor');
      expect((await call('POST', KNOWLEDGE_PATHS.list, editor, { slug: 'atm-fees', content: content('Duplicate') })).statusCode).toBe(409);
      const bad: object[] = [
        { slug: 'Bad Slug', content: content('x') },
        { slug: 'raw-html', content: content('x'), html: '<script>alert(1)</script>' },
        { slug: 'svg-image', content: { ...content('x'), text: { ...content('x').text, en: { title: 'x', body: [{ type: 'image', src: 'data:image/svg+xml;base64,PHN2Zz4=', alt: 'x' }], keywords: [] } } } },
        { slug: 'remote-image', content: { ...content('x'), text: { ...content('x').text, en: { title: 'x', body: [{ type: 'image', src: 'https://evil.example/x.png', alt: 'x' }], keywords: [] } } } },
        { slug: 'html-block', content: { ...content('x'), text: { ...content('x').text, en: { title: 'x', body: [{ type: 'html', html: '<b>x</b>' }], keywords: [] } } } },
        { slug: 'one-language', content: { category: 'fees', text: { en: content('x').text.en } } },
      ];
      for (const body of bad) expect((await call('POST', KNOWLEDGE_PATHS.list, editor, body)).statusCode).toBe(400);
      expect((await call('GET', at(KNOWLEDGE_PATHS.detail, 'not-a-uuid'), editor)).statusCode).toBe(400);
      expect((await call('GET', at(KNOWLEDGE_PATHS.detail, globalThis.crypto.randomUUID()), editor)).statusCode).toBe(404);
    });
  });
}
