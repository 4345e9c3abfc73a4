// The Help screen's search: Chinese by characters, full pinyin and pinyin initials; English
// by word prefixes; ranked title first; the step's category with nothing typed; and fast
// enough for every keystroke on 500 articles.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KioskArticle } from '../../../protocol/knowledge.js';
import { article, documents, fees, hours, lostCard } from './knowledge-fixtures.js';
import { KnowledgeIndex } from './knowledge-index.js';
import { loadPinyinReader, type PinyinReader } from './pinyin.js';

let pinyin: PinyinReader;
let index: KnowledgeIndex;
let articles: KioskArticle[];

beforeAll(async () => {
  pinyin = await loadPinyinReader();
  articles = [fees(), hours(), lostCard(), documents()];
  index = new KnowledgeIndex(articles, pinyin);
}, 30_000);

const titles = (query: string, locale: 'zh-CN' | 'en' = 'zh-CN', limit = 3) => index.search(query, locale, { limit }).map((h) => h.title);

describe('pinyin reading', () => {
  it('reads polyphones in context and ü as v', () => {
    expect(pinyin.read('银行')).toEqual(['yin', 'hang']);
    expect(pinyin.read('行走')).toEqual(['xing', 'zou']);
    expect(pinyin.read('手续费')).toEqual(['shou', 'xu', 'fei']);
    expect(pinyin.read('绿a')).toEqual(['lv', null]);
  });
});

describe('knowledge search', () => {
  it('finds 手续费 by pinyin initials and by full pinyin, even half-typed', () => {
    expect(titles('sxf')[0]).toBe('生活缴费手续费');
    expect(titles('shouxufei')[0]).toBe('生活缴费手续费');
    expect(titles('shou xu')[0]).toBe('生活缴费手续费');
    expect(titles('shouxuf')[0]).toBe('生活缴费手续费');
    // A pinyin match starts on a syllable: "houxu" is inside "shouxu" but spells nothing there.
    expect(titles('houxufei')).toEqual([]);
  });

  it('finds Chinese by characters and by most of its bigrams, in the asked-for language', () => {
    expect(titles('手续费')[0]).toBe('生活缴费手续费');
    expect(titles('营业')).toEqual(['网点营业时间']);
    expect(titles('挂失', 'en')).toEqual(['How to replace a lost card']);
    expect(titles('银行卡丢了')[0]).toBe('银行卡丢失怎么办');
  });

  it('finds English by words and their prefixes, all words needed', () => {
    expect(titles('fee', 'en')[0]).toBe('Fees for paying bills');
    expect(titles('open hou', 'en')).toEqual(['Branch opening hours']);
    expect(titles('lost car', 'en')).toEqual(['How to replace a lost card']);
    expect(titles('passport', 'en')).toEqual([]);
  });

  it('ranks a title match above a body match and limits the hits', () => {
    // 手续费 is in the fees title and only in the lost-card body.
    expect(titles('手续费', 'zh-CN', 5)).toEqual(['生活缴费手续费', '银行卡丢失怎么办']);
    expect(titles('手续费', 'zh-CN', 1)).toHaveLength(1);
  });

  it('lists the category with nothing typed, and nothing without one', () => {
    expect(index.search('', 'en', { category: 'fees' }).map((h) => h.title)).toEqual(['Fees for paying bills']);
    expect(index.search('  ', 'en')).toEqual([]);
    expect(index.search('', 'zh-CN', { category: 'fees' })[0]?.snippet).toBe('在本自助机缴纳水电费不收取手续费。');
  });

  it('answers a keystroke on 500 articles in under 20 ms', () => {
    const words = ['存款', '贷款', '理财', '外汇', '转账', '信用卡', '密码', '网银', '手机银行', '汇款'];
    const many: KioskArticle[] = [...articles];
    for (let i = 0; many.length < 500; i++) {
      const w = words[i % words.length] ?? '';
      const body = Array.from({ length: 12 }, (_, j) => `${w}业务第${j}条说明：请携带身份证到柜台或在自助机办理，费用以公告为准。`).join('\n\n');
      many.push(article({ title: `${w}常见问题 ${i}`, body, keywords: [w] }, { title: `Common questions ${i}`, body: `How to use the service ${i}, with fees and documents. `.repeat(8) }));
    }
    const big = new KnowledgeIndex(many, pinyin);
    const typed = ['s', 'sx', 'sxf', 'shou', 'shouxufei', '手', '手续费', 'f', 'fe', 'fee', 'lost card', 'zzzz'];
    big.search('warm up', 'zh-CN');
    // The fastest of 7 runs per query: this is the search's own cost. The test machine is shared
    // (load 10+ on 2 cores), where the scheduler alone can stall any one run past 20 ms; a
    // search that is slow in itself is slow every time and still fails. (Alone: about 1 ms.)
    const slowest = Math.max(
      ...typed.map((query) => {
        const runs = Array.from({ length: 7 }, () => {
          const started = performance.now();
          big.search(query, 'zh-CN');
          return performance.now() - started;
        }).sort((a, b) => a - b);
        return runs[0] ?? Infinity;
      }),
    );
    expect(slowest).toBeLessThan(20);
    expect(big.search('sxf', 'zh-CN')[0]?.title).toBe('生活缴费手续费');
  });
});
