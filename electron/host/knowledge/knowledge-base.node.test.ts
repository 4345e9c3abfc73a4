// The kiosk's articles are the pulled items in its sqlite store: searchable offline, still
// there after a restart, updated when a newer version or an unpublish (null) is pulled, and
// an article of a shape this kiosk does not know is left out, not the whole base.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeItem } from '../../../protocol/hub-api.js';
import { knowledgeItemKey, type KioskArticle } from '../../../protocol/knowledge.js';
import { openLocalStore } from '../local-store.node.js';
import type { SqliteDb } from '../sqlite.node.js';
import { PulledState } from '../sync-pull.node.js';
import { KnowledgeBase } from './knowledge-base.node.js';
import { fees, hours } from './knowledge-fixtures.js';
import { loadPinyinReader } from './pinyin.js';

const open: SqliteDb[] = [];
let cursor = 0;
const logs: { level: number; msg: string }[] = [];
const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) });

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

async function store(dir: string): Promise<{ pulled: PulledState; base: KnowledgeBase }> {
  const db = await openLocalStore(dir);
  open.push(db);
  return { pulled: new PulledState(db), base: new KnowledgeBase(db, loadPinyinReader, log) };
}
const item = (article: KioskArticle, version: number, value: unknown = article): ChangeItem => ({ kind: 'catalog', key: knowledgeItemKey(article.id), version, value });
const pull = (pulled: PulledState, items: ChangeItem[]) => pulled.apply({ items, cursor: String((cursor += items.length)), hasMore: false });

describe('knowledge base on the kiosk', () => {
  it('searches the pulled articles, and still does after a restart with no hub', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-knowledge-'));
    const first = await store(dir);
    const article = fees();
    await pull(first.pulled, [item(article, 3), item(hours(), 4), { kind: 'catalog', key: 'queue.services', version: 5, value: [] }]);
    expect((await first.base.search('sxf', 'zh-CN')).map((h) => h.id)).toEqual([article.id]);
    await open.splice(0)[0]?.close();

    const again = await store(dir);
    expect((await again.base.search('shouxufei', 'en')).map((h) => h.title)).toEqual(['Fees for paying bills']);
    expect((await again.base.article(article.id))?.text['zh-CN'].title).toBe('生活缴费手续费');
  }, 30_000);

  it('takes a newer version and an unpublish, and leaves out an article it cannot read', async () => {
    const { pulled, base } = await store(mkdtempSync(path.join(os.tmpdir(), 'bk-knowledge-')));
    const article = fees();
    await pull(pulled, [item(article, 1)]);
    expect(await base.search('fees', 'en')).toHaveLength(1);
    const renamed = { ...article, version: 2, text: { ...article.text, en: { ...article.text.en, title: 'Bill payment charges' } } };
    await pull(pulled, [item(renamed, 2)]);
    expect((await base.search('charges', 'en')).map((h) => h.title)).toEqual(['Bill payment charges']);
    await pull(pulled, [item(article, 3, null)]);
    expect(await base.search('charges', 'en')).toEqual([]);
    expect(await base.article(article.id)).toBeNull();

    const odd = hours();
    await pull(pulled, [item(odd, 4, { ...odd, text: { en: odd.text.en } }), item(fees(), 5)]);
    expect((await base.search('', 'en', { category: 'fees' })).length).toBe(1);
    expect(await base.search('opening', 'en')).toEqual([]);
    expect(logs.some((l) => l.level === 40 && l.msg === 'knowledge: pulled article is invalid; left out')).toBe(true);
  }, 30_000);
});
