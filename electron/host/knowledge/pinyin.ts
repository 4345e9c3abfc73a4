// Toneless pinyin for Chinese text, so the Help screen's search finds 手续费 from "shouxufei"
// or "sxf" typed on the on-screen keyboard. The dictionary is @pinyin-pro/data's "modern"
// lexicon (≈59 000 words and characters with their pinyin), the one the page's pinyin keyboard
// uses. Words are matched longest first (up to 4 characters), so a polyphone takes its reading
// in context: 银行 → yin hang, 行走 → xing zou.

import { createRequire } from 'node:module';

/** Word → [pinyin with tone marks, frequency, …] as @pinyin-pro/data ships it. */
export type Lexicon = Record<string, readonly [string, number, ...unknown[]]>;

const MAX_WORD = 4;
const HAN = /\p{Script=Han}/u;

export const isHan = (char: string): boolean => HAN.test(char);

/** "yín háng" → ["yin", "hang"]; ü is spelled v, as on every pinyin keyboard. */
function syllables(pinyin: string): string[] {
  return pinyin
    .toLowerCase()
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/)
    .filter((s) => /^[a-z]+$/.test(s));
}

export class PinyinReader {
  private readonly words = new Map<string, string[]>();

  constructor(lexicon: Lexicon) {
    for (const [word, [pinyin]] of Object.entries(lexicon)) {
      const chars = [...word];
      if (chars.length > MAX_WORD) continue;
      const read = syllables(pinyin);
      if (read.length === chars.length) this.words.set(word, read);
    }
  }

  /** One syllable per character of `text`; null for a character that is not Han or not known. */
  read(text: string): (string | null)[] {
    const chars = [...text];
    const out: (string | null)[] = [];
    let i = 0;
    while (i < chars.length) {
      const first = chars[i] ?? '';
      if (!isHan(first)) {
        out.push(null);
        i += 1;
        continue;
      }
      let matched = false;
      for (let length = Math.min(MAX_WORD, chars.length - i); length >= 1; length--) {
        const read = this.words.get(chars.slice(i, i + length).join(''));
        if (!read) continue;
        out.push(...read);
        i += length;
        matched = true;
        break;
      }
      if (!matched) {
        out.push(null);
        i += 1;
      }
    }
    return out;
  }
}

let loading: Promise<PinyinReader> | null = null;

/**
 * The lexicon is 2 MB: loaded once, when the first article index is built. A require, not an
 * import(): the bundled host leaves the package outside the bundle and runs from a V8 code
 * cache (electron/host/code-cache.node.ts), where dynamic import() has no loader.
 */
export function loadPinyinReader(): Promise<PinyinReader> {
  loading ??= Promise.resolve().then(() => new PinyinReader(createRequire(import.meta.url)('@pinyin-pro/data/modern') as Lexicon));
  return loading;
}
