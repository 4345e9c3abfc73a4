// NPS bands and arithmetic, and the free-text guard the kiosk and hub share.
import { describe, expect, it } from 'vitest';
import { feedbackAnswerSchema, netPromoterScore, npsGroup } from './customer-feedback.js';

describe('NPS', () => {
  it('puts 0–6 in detractors, 7–8 in passives, 9–10 in promoters', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsGroup)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('is %promoters − %detractors, one decimal, null without answers', () => {
    expect(netPromoterScore({ promoters: 5, passives: 3, detractors: 2 })).toBe(30);
    expect(netPromoterScore({ promoters: 1, passives: 1, detractors: 1 })).toBe(0);
    expect(netPromoterScore({ promoters: 1, passives: 0, detractors: 2 })).toBe(-33.3);
    expect(netPromoterScore({ promoters: 0, passives: 0, detractors: 4 })).toBe(-100);
    expect(netPromoterScore({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
  });
});

describe('a feedback answer', () => {
  it('takes a score alone, or with a reason and free text', () => {
    expect(feedbackAnswerSchema.safeParse({ score: 0 }).success).toBe(true);
    expect(feedbackAnswerSchema.safeParse({ score: 10, reason: 'staff', comment: '服务很好 thanks' }).success).toBe(true);
    expect(feedbackAnswerSchema.safeParse({ score: 2, phone: '13812345678', consent: true }).success).toBe(true);
  });

  it.each([
    ['a score out of range', { score: 11 }],
    ['a fractional score', { score: 6.5 }],
    ['an unknown reason', { score: 3, reason: 'weather' }],
    ['a card number in the text', { score: 3, comment: 'my card 6222 0202 0011 2230 was eaten' }],
    ['a resident ID number in the text', { score: 3, comment: 'ID 11010519491231002X' }],
    ['an empty text', { score: 3, comment: '   ' }],
    ['a phone number without consent', { score: 3, phone: '13812345678' }],
    ['a phone number that is not one', { score: 3, phone: '12345', consent: true }],
  ])('refuses %s', (_label, answer) => {
    expect(feedbackAnswerSchema.safeParse(answer).success).toBe(false);
  });
});
