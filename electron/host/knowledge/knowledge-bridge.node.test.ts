// knowledge.search and knowledge.article across the bridge's dispatcher, as the page calls
// them: inputs validated against knowledge-contract.ts (over-long queries, unknown keys,
// bad ids refused as BAD_REQUEST), answers checked against its output schemas.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requests } from '../../bridge/contract.js';
import { createDispatcher, type Dispatch, type HandlerMap } from '../../bridge/dispatcher.js';
import { knowledgeItemKey } from '../../../protocol/knowledge.js';
import { silentLogger } from '../log.node.js';
import { openLocalStore } from '../local-store.node.js';
import type { SqliteDb } from '../sqlite.node.js';
import { PulledState } from '../sync-pull.node.js';
import { KnowledgeBase } from './knowledge-base.node.js';
import { fees } from './knowledge-fixtures.js';
import { loadPinyinReader } from './pinyin.js';

let db: SqliteDb;
let dispatch: Dispatch;
const article = fees();

beforeAll(async () => {
  db = await openLocalStore(mkdtempSync(path.join(os.tmpdir(), 'bk-knowledge-bridge-')));
  await new PulledState(db).apply({ items: [{ kind: 'catalog', key: knowledgeItemKey(article.id), version: 1, value: article }], cursor: '1', hasMore: false });
  const base = new KnowledgeBase(db, loadPinyinReader, silentLogger());
  const notUsed = () => {
    throw new Error('not used');
  };
  // Every other request answers "not used": this suite is about the two knowledge requests.
  const handlers = {
    ...Object.fromEntries(Object.keys(requests).map((name) => [name, notUsed])),
    'knowledge.search': async ({ query, locale, category, limit }) => ({ hits: await base.search(query, locale, { category, limit }) }),
    'knowledge.article': ({ id }) => base.article(id),
  } as HandlerMap;
  dispatch = createDispatcher(handlers, { warn: vi.fn(), error: vi.fn() });
}, 30_000);
afterAll(async () => {
  await db?.close();
});

describe('knowledge over the bridge', () => {
  it('searches and opens an article', async () => {
    expect(await dispatch('knowledge.search', { query: 'sxf', locale: 'en' })).toEqual({
      ok: true,
      result: { hits: [{ id: article.id, category: 'fees', title: 'Fees for paying bills', snippet: 'Paying bills here is free of charge.' }] },
    });
    expect(await dispatch('knowledge.search', { query: '', locale: 'zh-CN', category: 'fees', limit: 3 })).toMatchObject({ ok: true, result: { hits: [{ title: '生活缴费手续费' }] } });
    expect(await dispatch('knowledge.article', { id: article.id })).toMatchObject({ ok: true, result: { id: article.id, version: 1, text: { en: { title: 'Fees for paying bills' } } } });
    expect(await dispatch('knowledge.article', { id: '0190a000-0000-7000-8000-ffffffffffff' })).toEqual({ ok: true, result: null });
  });

  it('refuses malformed requests', async () => {
    for (const [method, params] of [
      ['knowledge.search', { query: 'x'.repeat(101), locale: 'en' }],
      ['knowledge.search', { query: 'fee', locale: 'fr' }],
      ['knowledge.search', { query: 'fee', locale: 'en', sql: '1=1' }],
      ['knowledge.search', { query: 'fee', locale: 'en', limit: 500 }],
      ['knowledge.article', { id: '../../etc/passwd' }],
    ] as const) {
      expect(await dispatch(method, params)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });
});
