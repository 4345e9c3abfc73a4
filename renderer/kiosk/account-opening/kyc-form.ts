// The KYC questions as a draft the screen fills in, and the one check that turns it into the
// contract's answers or says which questions still need an answer. Pure, so every rule is
// tested without a screen; the contract's own schema has the last word.
import { kycAnswersSchema, type KycAnswers } from '../../../protocol/account-opening.js';
import { accountPurposeSchema, occupationSchema } from '../../../protocol/account-opening.js';

export type Occupation = (typeof occupationSchema.options)[number];
export type Purpose = (typeof accountPurposeSchema.options)[number];
export const OCCUPATIONS: readonly Occupation[] = occupationSchema.options;
export const PURPOSES: readonly Purpose[] = accountPurposeSchema.options;

/** Tax residences offered besides China: where a customer of a branch in China most often also pays tax. */
export const TAX_COUNTRIES = ['HKG', 'MAC', 'USA', 'GBR', 'CAN', 'AUS', 'SGP', 'JPN', 'KOR', 'DEU', 'FRA', 'NZL'] as const;

export const MAX_OCCUPATION_OTHER = 40;
export const MAX_TIN = 30;
const TIN = /^[A-Za-z0-9-]{1,30}$/;

export interface KycDraft {
  occupation: Occupation | null;
  occupationOther: string;
  purpose: Purpose | null;
  tax: 'cn-only' | 'also-elsewhere' | null;
  country: string | null;
  tin: string;
}

export const emptyKycDraft: KycDraft = { occupation: null, occupationOther: '', purpose: null, tax: null, country: null, tin: '' };

export type KycField = 'occupation' | 'occupationOther' | 'purpose' | 'tax' | 'country' | 'tin';

export type KycCheck = { ok: true; answers: KycAnswers } | { ok: false; errors: readonly KycField[] };

export function checkKyc(draft: KycDraft): KycCheck {
  const errors: KycField[] = [];
  const other = draft.occupationOther.trim();
  const tin = draft.tin.trim();
  if (!draft.occupation) errors.push('occupation');
  else if (draft.occupation === 'other' && (other === '' || other.length > MAX_OCCUPATION_OTHER)) errors.push('occupationOther');
  if (!draft.purpose) errors.push('purpose');
  if (!draft.tax) errors.push('tax');
  else if (draft.tax === 'also-elsewhere') {
    if (!draft.country) errors.push('country');
    if (!TIN.test(tin)) errors.push('tin');
  }
  if (errors.length > 0 || !draft.occupation || !draft.purpose || !draft.tax) return { ok: false, errors };
  const parsed = kycAnswersSchema.safeParse({
    occupation: draft.occupation,
    ...(draft.occupation === 'other' ? { occupationOther: other } : {}),
    purpose: draft.purpose,
    taxResidency: draft.tax === 'cn-only' ? { kind: 'cn-only' } : { kind: 'also-elsewhere', countries: [{ country: draft.country, tin: tin.toUpperCase() }] },
  });
  // Unreachable while the rules above match the schema; said as the first question, not thrown.
  return parsed.success ? { ok: true, answers: parsed.data } : { ok: false, errors: ['occupation'] };
}
