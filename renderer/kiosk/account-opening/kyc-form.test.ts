// The KYC check: each missing or malformed answer is named, and a complete draft becomes the
// contract's answers (occupationOther only for 'other', a taxpayer number in capitals).
import { describe, expect, it } from 'vitest';
import { kycAnswersSchema } from '../../../protocol/account-opening.js';
import { checkKyc, emptyKycDraft } from './kyc-form.js';

describe('checkKyc', () => {
  it('names every unanswered question', () => {
    expect(checkKyc(emptyKycDraft)).toEqual({ ok: false, errors: ['occupation', 'purpose', 'tax'] });
  });

  it('asks for the typed occupation only when Other is chosen, within 40 characters', () => {
    const base = { ...emptyKycDraft, purpose: 'savings', tax: 'cn-only' } as const;
    expect(checkKyc({ ...base, occupation: 'other', occupationOther: '  ' })).toEqual({ ok: false, errors: ['occupationOther'] });
    expect(checkKyc({ ...base, occupation: 'other', occupationOther: 'x'.repeat(41) })).toEqual({ ok: false, errors: ['occupationOther'] });
    expect(checkKyc({ ...base, occupation: 'other', occupationOther: ' 画家 ' })).toEqual({ ok: true, answers: { occupation: 'other', occupationOther: '画家', purpose: 'savings', taxResidency: { kind: 'cn-only' } } });
    // Typed, then another occupation chosen: the text is not sent.
    expect(checkKyc({ ...base, occupation: 'retired', occupationOther: '画家' })).toEqual({ ok: true, answers: { occupation: 'retired', purpose: 'savings', taxResidency: { kind: 'cn-only' } } });
  });

  it('asks for the country and a well-formed taxpayer number when tax is paid elsewhere too', () => {
    const base = { ...emptyKycDraft, occupation: 'employee', purpose: 'salary', tax: 'also-elsewhere' } as const;
    expect(checkKyc(base)).toEqual({ ok: false, errors: ['country', 'tin'] });
    expect(checkKyc({ ...base, country: 'GBR', tin: 'AB 12' })).toEqual({ ok: false, errors: ['tin'] });
    const done = checkKyc({ ...base, country: 'GBR', tin: 'ab-123456c' });
    expect(done).toEqual({ ok: true, answers: { occupation: 'employee', purpose: 'salary', taxResidency: { kind: 'also-elsewhere', countries: [{ country: 'GBR', tin: 'AB-123456C' }] } } });
    expect(done.ok && kycAnswersSchema.safeParse(done.answers).success).toBe(true);
  });
});
