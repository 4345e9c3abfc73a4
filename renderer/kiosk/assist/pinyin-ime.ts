// Pinyin input for the chat's on-screen keyboard: the customer spells a syllable or a word in
// toneless pinyin ("ni", "yinhang") and picks the character or word from candidates, most
// frequent first. The dictionary is @pinyin-pro/data's "modern" lexicon (≈59 000 words and
// characters with pinyin and a frequency), loaded only when the customer first opens the
// pinyin keyboard, so the kiosk's first screen does not pay for it.

/** Word → [pinyin with tone marks, frequency, …] as @pinyin-pro/data ships it. */
export type Lexicon = Record<string, readonly [string, number, ...unknown[]]>;

interface Entry {
  word: string;
  key: string;
  rate: number;
}

/** "yín háng" → "yinhang"; ü is typed as v, as on every pinyin keyboard. */
export function spellingOf(pinyin: string): string {
  return pinyin
    .toLowerCase()
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f\s]/g, '');
}

export class PinyinIndex {
  private readonly entries: Entry[];

  constructor(lexicon: Lexicon) {
    this.entries = Object.entries(lexicon)
      .map(([word, [pinyin, rate]]) => ({ word, key: spellingOf(pinyin), rate }))
      .filter((entry) => /^[a-z]+$/.test(entry.key))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.rate - a.rate));
  }

  /**
   * Candidates for what was typed: exact spellings first (most frequent first), then words
   * that start with it, so "yinh" already offers 银行.
   */
  lookup(typed: string, limit = 60): string[] {
    const spelling = typed.toLowerCase().replace(/[^a-z]/g, '');
    if (spelling === '') return [];
    const exact: Entry[] = [];
    const longer: Entry[] = [];
    for (let i = this.firstAtOrAfter(spelling); i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (!entry?.key.startsWith(spelling)) break;
      (entry.key === spelling ? exact : longer).push(entry);
    }
    longer.sort((a, b) => b.rate - a.rate);
    return [...exact, ...longer].slice(0, limit).map((entry) => entry.word);
  }

  private firstAtOrAfter(key: string): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.entries[mid]?.key ?? '') < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

let loading: Promise<PinyinIndex> | null = null;

/** The index over the shipped lexicon, built once per page. */
export function loadPinyinIndex(): Promise<PinyinIndex> {
  loading ??= import('@pinyin-pro/data/modern').then((module) => new PinyinIndex(module.default as unknown as Lexicon));
  return loading;
}
