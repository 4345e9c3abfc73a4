// What counts as a card or resident ID number written out, in text a customer or an expert
// typed or a screen showed. Pure and free of zod, so that the kiosk page can check text
// without loading the call messages' schemas at start-up (cold start); call-messages.ts
// builds its schemas on these and re-exports them.
import { luhnValid } from './luhn.js';

// Digit groups joined by the separators people type or paste: spaces (any width once NFKC
// has run), hyphens and dashes, dots. DIGIT_RUNS also matches a lone group.
const SEPARATOR = String.raw`[\s.\-\u2010-\u2015\u2212]{1,2}`;
const GROUPED_DIGITS = new RegExp(String.raw`\d+(?:${SEPARATOR}\d+)+`, 'g');
const DIGIT_RUNS = new RegExp(String.raw`\d+(?:${SEPARATOR}\d+)*`, 'g');

/** A 13–19 digit run starting at one of the groups that passes the Luhn check. */
function hasGroupedCardNumber(run: string): boolean {
  const groups = run.split(/\D+/);
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    for (let end = start; end < groups.length && digits.length < 19; end++) {
      digits += groups[end];
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
    }
  }
  return false;
}

/**
 * A card or ID number written out: 7 or more digits in a row, or a card number (13–19 digits,
 * Luhn-valid) written in groups — "6222 0202 0011 2233", "6222-0202-…". NFKC first, so
 * full-width digits (６２２２…) and ideographic spaces count as the ASCII ones; other
 * scripts' digits count towards a run too.
 */
export function hasUnmaskedNumber(text: string): boolean {
  const normalized = text.normalize('NFKC');
  if (/\p{Nd}{7,}/u.test(normalized)) return true;
  for (const match of normalized.matchAll(GROUPED_DIGITS)) if (hasGroupedCardNumber(match[0])) return true;
  return false;
}

/**
 * GB 11643 resident ID: 17 digits and a mod 11-2 check character (digit or X). One with a
 * typo in the check character is still someone's ID, so a plausible birth date (characters
 * 7–14, 1900–2099) is enough.
 */
function looksLikeResidentId(id: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/i.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * (id.charCodeAt(i) - 48), 0);
  if ('10X98765432'[sum % 11] === id[17]?.toUpperCase()) return true;
  const [year, month, day] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/**
 * `text` with every card number in it (13–19 digits passing Luhn, in one run or in groups,
 * after NFKC) replaced by `[card number]`: for text that goes to a log and may quote what a
 * request carried, e.g. a database error's message. Everything else is left as it was.
 */
export function maskCardNumbers(text: string): string {
  // A run without separators is one group: hasGroupedCardNumber checks it whole too.
  return text.normalize('NFKC').replace(DIGIT_RUNS, (run) => (hasGroupedCardNumber(run) ? '[card number]' : run));
}

export type ChatRefusal = 'card-number' | 'id-number' | 'too-long';

/**
 * Why a chat message may not go out, or null. Chat is looser than the other fields: people
 * quote reference, phone and ticket numbers to each other, so only what is really a card
 * number (13–19 digits passing Luhn, in one run or in groups) or a resident ID number (18
 * characters with a valid check character) is refused, and the sender is told which.
 */
export function chatRefusal(text: string): ChatRefusal | null {
  if (text.length > 1000) return 'too-long';
  const normalized = text.normalize('NFKC');
  for (const run of normalized.match(/\p{Nd}+[Xx]?/gu) ?? []) {
    const digits = run.replace(/[Xx]$/, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return 'card-number';
    if (run.length === 18 && looksLikeResidentId(run)) return 'id-number';
  }
  for (const match of normalized.matchAll(GROUPED_DIGITS)) if (hasGroupedCardNumber(match[0])) return 'card-number';
  return null;
}
