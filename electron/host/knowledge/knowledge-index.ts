// The kiosk's search over the articles it pulled, fast enough to run on every key the
// customer presses (a linear scan over precomputed fields: 500 articles answer in a few ms).
// Each article is searched in both languages, whichever the customer reads, and matched:
//   - Chinese typed as characters: the whole query in a field, else most of its bigrams;
//   - Latin letters as full pinyin from a syllable start ("shouxu" finds 手续费), as pinyin
//     initials ("sxf"), and as English words by prefix ("fee" finds "fees"), all words needed.
// Title counts most, then keywords, then body. Ties go to the shorter title, then by title.
import { bodyText, type KioskArticle, type KnowledgeCategory, type KnowledgeLocale } from '../../../protocol/knowledge.js';
import type { KnowledgeHit } from '../../bridge/knowledge-contract.js';
import type { PinyinReader } from './pinyin.js';

interface Field {
  weight: number;
  /** NFKC, lower case. */
  text: string;
  /** Distinct letter/digit runs of `text`, sorted: a prefix is found by binary search. */
  words: string[];
  /** Syllables run together; '|' for each character without a reading, so no match spans one. */
  full: string;
  /** Offsets in `full` where a syllable starts: a pinyin match must start on one. */
  starts: Set<number>;
  /** One initial per character, '|' for a character without a reading. */
  initials: string;
}

interface Entry {
  article: KioskArticle;
  fields: Field[];
}

const WEIGHT = { title: 10, keywords: 6, body: 2 } as const;
const SNIPPET = 90;

export const normalise = (text: string): string => text.normalize('NFKC').toLowerCase();
const HAN = /\p{Script=Han}/u;
const LATIN_QUERY = /^[a-z][a-z' ]*$/;

function field(text: string, weight: number, pinyin: PinyinReader): Field {
  const norm = normalise(text);
  const read = pinyin.read(norm);
  let full = '';
  let initials = '';
  const starts = new Set<number>();
  for (const syllable of read) {
    if (syllable === null) {
      full += '|';
      initials += '|';
    } else {
      starts.add(full.length);
      full += syllable;
      initials += syllable[0] ?? '|';
    }
  }
  const words = [...new Set(norm.split(/[^\p{L}\p{N}]+/u).filter(Boolean))].sort();
  return { weight, text: norm, words, full, starts, initials };
}

/** Whether a word of the sorted list starts with `prefix`: the first word not below it does. */
function hasPrefix(sorted: readonly string[], prefix: string): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? '') < prefix) low = mid + 1;
    else high = mid;
  }
  return sorted[low]?.startsWith(prefix) ?? false;
}

function occursAtStart(haystack: string, needle: string, starts: Set<number>): boolean {
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) if (starts.has(at)) return true;
  return false;
}

function bigrams(text: string): string[] {
  const chars = [...text].filter((c) => c.trim() !== '');
  return chars.slice(0, -1).map((c, i) => c + (chars[i + 1] ?? ''));
}

/** How well one field answers the query; 0 for no match. */
function fieldScore(f: Field, q: Query): number {
  if (f.text.includes(q.text)) return f.weight * (f.text === q.text ? 8 : f.text.startsWith(q.text) ? 6 : 4);
  let best = 0;
  if (q.bigrams.length > 0) {
    const found = q.bigrams.filter((b) => f.text.includes(b)).length / q.bigrams.length;
    if (found >= 0.5) best = f.weight * 2 * found;
  }
  if (q.latin) {
    if (q.words.every((w) => hasPrefix(f.words, w))) best = Math.max(best, f.weight * 3);
    if (q.spelled.length >= 2) {
      if (occursAtStart(f.full, q.spelled, f.starts)) best = Math.max(best, f.weight * 3);
      else if (f.initials.includes(q.spelled)) best = Math.max(best, f.weight * 2.5);
    }
  }
  return best;
}

interface Query {
  text: string;
  latin: boolean;
  words: string[];
  /** Letters only: "shou xu fei" and "shou'xu" spell one pinyin run. */
  spelled: string;
  bigrams: string[];
}

function parseQuery(raw: string): Query | null {
  const text = normalise(raw).trim().replace(/\s+/g, ' ');
  if (text === '') return null;
  const latin = LATIN_QUERY.test(text);
  return {
    text,
    latin,
    words: latin ? text.split(/[ ']+/).filter(Boolean) : [],
    spelled: latin ? text.replace(/[ ']/g, '') : '',
    bigrams: HAN.test(text) ? bigrams(text) : [],
  };
}

export class KnowledgeIndex {
  private readonly entries: Entry[];
  private readonly byId: Map<string, KioskArticle>;

  constructor(articles: readonly KioskArticle[], pinyin: PinyinReader) {
    this.entries = articles.map((article) => ({
      article,
      fields: (['zh-CN', 'en'] as const).flatMap((locale) => {
        const text = article.text[locale];
        return [field(text.title, WEIGHT.title, pinyin), field(text.keywords.join('\n'), WEIGHT.keywords, pinyin), field(bodyText(text.body), WEIGHT.body, pinyin)];
      }),
    }));
    this.byId = new Map(articles.map((a) => [a.id, a]));
  }

  get size(): number {
    return this.entries.length;
  }

  article(id: string): KioskArticle | null {
    return this.byId.get(id) ?? null;
  }

  search(query: string, locale: KnowledgeLocale, options: { category?: KnowledgeCategory | undefined; limit?: number | undefined } = {}): KnowledgeHit[] {
    const limit = options.limit ?? 3;
    const q = parseQuery(query);
    const candidates = options.category ? this.entries.filter((e) => e.article.category === options.category) : this.entries;
    let ranked: { entry: Entry; score: number }[];
    if (q === null) {
      // Nothing typed: the step's category, or nothing (a list of everything helps nobody).
      if (!options.category) return [];
      ranked = candidates.map((entry) => ({ entry, score: 0 }));
    } else {
      ranked = [];
      for (const entry of candidates) {
        let score = 0;
        for (const f of entry.fields) score += fieldScore(f, q);
        if (score > 0) ranked.push({ entry, score });
      }
    }
    // Code-unit order for the last tie: localeCompare on hundreds of hits costs more than the scan.
    const title = (e: Entry) => e.article.text[locale].title;
    const byTitle = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    ranked.sort((a, b) => b.score - a.score || title(a.entry).length - title(b.entry).length || byTitle(title(a.entry), title(b.entry)));
    return ranked.slice(0, limit).map(({ entry }) => hit(entry.article, locale));
  }
}

function hit(article: KioskArticle, locale: KnowledgeLocale): KnowledgeHit {
  const text = article.text[locale];
  const first = bodyText(text.body).split('\n').find((line) => line.trim() !== '') ?? '';
  const snippet = [...first].length > SNIPPET ? `${[...first].slice(0, SNIPPET - 1).join('')}…` : first;
  return { id: article.id, category: article.category, title: text.title, snippet };
}
