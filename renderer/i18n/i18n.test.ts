import { describe, expect, it } from 'vitest';
import { errorCodeSchema } from '../../electron/bridge/contract.js';
import en from './en.json';
import { errorMessageKey } from './error-messages.js';
import { createKioskI18n } from './i18n.js';
import zhCN from './zh-CN.json';
import { catalogueEntries } from './catalogue-entries.js';

describe('translations', () => {
  const zh = catalogueEntries(zhCN);
  const english = catalogueEntries(en);

  it('zh-CN and en have exactly the same keys', () => {
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort());
    expect(zh.size).toBeGreaterThan(40);
  });

  it('has no empty strings in either language', () => {
    const empty = [...zh, ...english].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of zh) expect(vars(english.get(key) ?? ''), key).toEqual(vars(value));
  });

  it('translates every bridge error code to a real message in both languages', () => {
    const i18n = createKioskI18n('en');
    for (const code of errorCodeSchema.options) {
      const key = errorMessageKey(code);
      expect(i18n.t(key)).not.toBe(key);
      expect(i18n.getFixedT('zh-CN')(key)).not.toBe(i18n.t(key));
    }
    expect(errorMessageKey('PRINTER_NOT_READY')).toBe('errors.printerNotReady');
    expect(errorMessageKey('paper-jam-xyz')).toBe('errors.generic');
  });

  it('switches language synchronously', () => {
    const i18n = createKioskI18n();
    expect(i18n.t('attract.touchToStart')).toBe('轻触屏幕开始');
    void i18n.changeLanguage('en');
    expect(i18n.t('attract.touchToStart')).toBe('Touch to start');
    expect(i18n.t('steps.indicator', { current: 1, total: 2 })).toBe('Step 1 of 2');
  });
});
