// Issue 12 item 7: Chinese customers could not type in the call chat. The pinyin index over
// the shipped lexicon offers the right characters and words, most frequent first.
import { describe, expect, it } from 'vitest';
import { loadPinyinIndex, PinyinIndex, spellingOf } from './pinyin-ime.js';

describe('pinyin input', () => {
  it('spells pinyin without tones, ü as v', () => {
    expect(spellingOf('yín háng')).toBe('yinhang');
    expect(spellingOf('lǜ')).toBe('lv');
  });

  it('offers the most frequent character first for a syllable, from the real lexicon', async () => {
    const index = await loadPinyinIndex();
    expect(index.lookup('ni')[0]).toBe('你');
    expect(index.lookup('wo')[0]).toBe('我');
    expect(index.lookup('ka').slice(0, 5)).toContain('卡');
    expect(index.lookup('yinhang')).toContain('银行');
    // A word by its first syllables: "yinh" already offers 银行.
    expect(index.lookup('yinh').slice(0, 10)).toContain('银行');
    expect(index.lookup('xyzq')).toEqual([]);
  });

  it('orders exact spellings before longer words, each by frequency', () => {
    const index = new PinyinIndex({ 尼: ['ní', 0.1], 你: ['nǐ', 0.9], 你们: ['nǐ men', 0.5], 拟: ['nǐ', 0.2] });
    expect(index.lookup('ni')).toEqual(['你', '拟', '尼', '你们']);
    expect(index.lookup('NI men')).toEqual(['你们']);
  });
});
