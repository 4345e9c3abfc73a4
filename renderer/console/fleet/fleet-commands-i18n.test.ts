import { describe, expect, it } from 'vitest';
import { commandKindSchema, commandRefusalSchema, commandStatusSchema, remoteDeviceTestSchema } from '../../../protocol/fleet-commands.js';
import { createConsoleI18n, translator, type ConsoleKey } from '../i18n/console-i18n.js';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { catalogueEntries } from '../../i18n/catalogue-entries.js';

describe('fleet console translations', () => {
  it('zh-CN and en have the same keys with the same variables', () => {
    const zh = catalogueEntries(zhCN);
    const english = catalogueEntries(en);
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort());
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of zh) expect(vars(english.get(key) ?? ''), key).toEqual(vars(value));
  });

  it('has words for every remote command kind, status, refusal reason and device test, in both languages', () => {
    const keys: ConsoleKey[] = [
      ...commandKindSchema.options.map((k) => `fleet.commands.kinds.${k}` as const),
      ...commandStatusSchema.options.map((s) => `fleet.commands.status.${s}` as const),
      ...commandRefusalSchema.options.map((r) => `fleet.commands.reasons.${r}` as const),
      ...remoteDeviceTestSchema.options.map((t) => `fleet.commands.tests.${t}` as const),
    ];
    const i18n = createConsoleI18n();
    for (const locale of ['zh-CN', 'en'] as const) {
      const t = translator(i18n, locale);
      for (const key of keys) expect(t(key), `${locale} ${key}`).not.toBe(key);
    }
  });
});
