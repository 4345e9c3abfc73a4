// Translations of the expert console (zh-CN default, en), bundled like the kiosk's so a
// language switch is synchronous. The console has its own catalogue: its words are for
// staff at a desk, not customers, and must not grow the kiosk's bundle.
import i18next, { type i18n as I18n } from 'i18next';
import type { Language } from '../../../protocol/assist-values.js';
import fleetEn from '../fleet/i18n/en.json';
import fleetZhCN from '../fleet/i18n/zh-CN.json';
import knowledgeEn from '../knowledge/i18n/en.json';
import knowledgeZhCN from '../knowledge/i18n/zh-CN.json';
import applicationEn from '../application/i18n/en.json';
import applicationZhCN from '../application/i18n/zh-CN.json';
import analyticsEn from '../analytics/i18n/en.json';
import analyticsZhCN from '../analytics/i18n/zh-CN.json';
import recommendationsEn from '../recommendations/i18n/en.json';
import recommendationsZhCN from '../recommendations/i18n/zh-CN.json';
import en from './en.json';
import zhCN from './zh-CN.json';

// A feature with many words of its own keeps them beside its code, under its own prefix.
const catalogues = { 'zh-CN': { ...zhCN, fleet: fleetZhCN, knowledge: knowledgeZhCN, analytics: analyticsZhCN, recommendations: recommendationsZhCN, application: applicationZhCN }, en: { ...en, fleet: fleetEn, knowledge: knowledgeEn, analytics: analyticsEn, recommendations: recommendationsEn, application: applicationEn } };

export type ConsoleLocale = Language;
export const CONSOLE_LOCALES: readonly ConsoleLocale[] = ['zh-CN', 'en'];

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every key of the catalogue: a typo is a compile error, not a raw key on screen. */
export type ConsoleKey = Leaves<(typeof catalogues)['zh-CN']>;
export type Translate = (key: ConsoleKey, vars?: Record<string, string | number>) => string;

export function createConsoleI18n(): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { 'zh-CN': { console: catalogues['zh-CN'] }, en: { console: catalogues.en } },
    ns: ['console'],
    defaultNS: 'console',
    lng: 'zh-CN',
    fallbackLng: 'zh-CN',
    supportedLngs: [...CONSOLE_LOCALES],
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  return instance;
}

/**
 * A translate function for one locale. The cast is needed because the kiosk declares
 * i18next's global CustomTypeOptions for *its* catalogue; ConsoleKey types ours instead.
 */
export function translator(instance: I18n, locale: ConsoleLocale): Translate {
  const untyped = instance as unknown as { getFixedT(lng: string, ns: string): (key: string, vars?: object) => string };
  const fixed = untyped.getFixedT(locale, 'console');
  return (key, vars) => fixed(key, vars);
}

/** The locale a console starts in: `?lang=en` in the URL, else the browser's, else zh-CN. */
export function initialLocale(search: string, browserLanguages: readonly string[]): ConsoleLocale {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  return browserLanguages.some((l) => l.toLowerCase().startsWith('zh')) || browserLanguages.length === 0 ? 'zh-CN' : 'en';
}
