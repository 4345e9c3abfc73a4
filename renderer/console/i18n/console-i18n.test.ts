import { describe, expect, it } from 'vitest';
import { callEndReasonSchema, dispositionOutcomeSchema, expertStateSchema } from '../../../protocol/assist-values.js';
import { createConsoleI18n, initialLocale, translator, type ConsoleKey } from './console-i18n.js';
import en from './en.json';
import zhCN from './zh-CN.json';
import { catalogueEntries } from '../../i18n/catalogue-entries.js';

describe('console translations', () => {
  const zh = catalogueEntries(zhCN);
  const english = catalogueEntries(en);

  it('zh-CN and en have the same keys, none empty, with the same variables', () => {
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort());
    expect([...zh, ...english].filter(([, v]) => v.trim() === '')).toEqual([]);
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of zh) expect(vars(english.get(key) ?? ''), key).toEqual(vars(value));
  });

  it('has a word for every expert state, end reason and disposition outcome the hub sends', () => {
    const t = translator(createConsoleI18n(), 'en');
    const keys: ConsoleKey[] = [
      ...expertStateSchema.options.map((s) => `states.${s}` as const),
      ...callEndReasonSchema.options.map((r) => `wrapup.reasons.${r}` as const),
      ...dispositionOutcomeSchema.options.map((o) => `wrapup.outcomes.${o}` as const),
    ];
    for (const key of keys) expect(t(key), key).not.toBe(key);
  });

  it('translates synchronously in both languages, with interpolation', () => {
    const i18n = createConsoleI18n();
    expect(translator(i18n, 'zh-CN')('call.title', { kiosk: 'K01' })).toBe('与终端 K01 通话中');
    expect(translator(i18n, 'en')('call.title', { kiosk: 'K01' })).toBe('Call with kiosk K01');
  });

  it('starts in the language asked for in the URL, else the browser’s', () => {
    expect(initialLocale('?lang=en', ['zh-CN'])).toBe('en');
    expect(initialLocale('', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLocale('', ['en-US'])).toBe('en');
    expect(initialLocale('?lang=fr', [])).toBe('zh-CN');
  });
});
