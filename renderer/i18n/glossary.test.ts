// One glossary for both languages and both UIs (issue 12, item 14): every string a customer
// or an expert reads — the kiosk's, the console's and its fleet tab's catalogues and the built-in queue
// service names — uses the glossary's word for each idea, never a variant, and shows no
// identifier meant for programs (a data attribute, a journey-step path, a camelCase key).
import { describe, expect, it } from 'vitest';
import { defaultQueueServices } from '../../electron/host/queue-catalog.js';
import consoleEn from '../console/i18n/en.json';
import consoleZh from '../console/i18n/zh-CN.json';
import fleetEn from '../console/fleet/i18n/en.json';
import fleetZh from '../console/fleet/i18n/zh-CN.json';
import { catalogueEntries } from './catalogue-entries.js';
import glossary from './glossary.json';
import kioskEn from './en.json';
import kioskZh from './zh-CN.json';

/** Every string shown to people, by language, under one key per place it is shown. */
function catalogue(language: 'zh-CN' | 'en'): Map<string, string> {
  const [kiosk, staff, fleet] = language === 'en' ? [kioskEn, consoleEn, fleetEn] : [kioskZh, consoleZh, fleetZh];
  const all = new Map([...catalogueEntries(kiosk, 'kiosk'), ...catalogueEntries(staff, 'console'), ...catalogueEntries(fleet, 'fleet')]);
  for (const service of defaultQueueServices) all.set(`services.${service.id}`, service.name[language]);
  return all;
}

const zh = catalogue('zh-CN');
const en = catalogue('en');
// Interpolation variables ({{kioskId}}) are names in code, filled with values at run time.
const shown = (text: string) => text.replace(/\{\{\w+\}\}/g, '');
const uses = (text: string, term: string) => new RegExp(`\\b${term}(?:s|ed|led)?\\b`, 'i').test(shown(text));

describe('glossary', () => {
  it('scans both UIs in both languages', () => {
    expect([...zh.keys()].some((k) => k.startsWith('kiosk.'))).toBe(true);
    expect([...zh.keys()].some((k) => k.startsWith('console.'))).toBe(true);
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it.each(glossary.terms.map((term) => [term.id, term] as const))('%s: the Chinese string says the glossary word wherever the English one does', (_id, term) => {
    const missing = [...en].filter(([key, text]) => uses(text, term.en) && !(zh.get(key) ?? '').includes(term['zh-CN'])).map(([key, text]) => `${key}: "${text}" / "${zh.get(key)}"`);
    expect(missing).toEqual([]);
  });

  it.each(glossary.terms.map((term) => [term.id, term] as const))('%s: no forbidden variant in either language', (_id, term) => {
    const found: string[] = [];
    for (const [language, strings] of [['en', en], ['zh-CN', zh]] as const) {
      for (const variant of term.forbidden[language]) {
        const pattern = new RegExp(variant, 'i');
        for (const [key, text] of strings) if (pattern.test(shown(text))) found.push(`${language} ${key}: "${text}" has /${variant}/`);
      }
    }
    expect(found).toEqual([]);
  });

  it('shows people no identifiers meant for programs', () => {
    const patterns = glossary.rawIdentifiers.patterns.map((p) => new RegExp(p));
    const found = [...en, ...zh].flatMap(([key, text]) => patterns.filter((p) => p.test(shown(text))).map((p) => `${key}: "${text}" has ${p}`));
    expect(found).toEqual([]);
  });

  it('catches what issue 12 found (the checks can fail)', () => {
    const patterns = glossary.rawIdentifiers.patterns.map((p) => new RegExp(p));
    for (const raw of ['Control to highlight (data-assist-id)', 'queue-ticket/choose-service', 'Path host → host', 'restart (ICE restart 2)']) {
      expect(patterns.some((p) => p.test(raw)), raw).toBe(true);
    }
    const expert = glossary.terms.find((t) => t.id === 'expert');
    expect(expert?.forbidden['zh-CN'].some((v) => new RegExp(v).test('远程专家工作台'))).toBe(true);
    expect(uses('Clear', 'clear') && !'取消'.includes('清除')).toBe(true);
  });
});
