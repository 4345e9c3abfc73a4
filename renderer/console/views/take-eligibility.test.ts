import { describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../../protocol/assist-values.js';
import { cannotTake } from './take-eligibility.js';

const entry: QueueEntry = {
  requestId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c02',
  kioskId: 'K01',
  language: 'en',
  topic: 'cards',
  priorityClass: 'standard',
  journeyStep: 'home',
  waitedSec: 12,
};
const me = { staffId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c09', role: 'admin' as const, languages: ['zh-CN' as const], topics: ['cards' as const] };

describe('why an expert cannot take a customer (issue 12 #3)', () => {
  it('names the missing language first, then the missing topic', () => {
    expect(cannotTake(me, entry)).toBe('language');
    expect(cannotTake({ ...me, languages: ['en'], topics: [] }, entry)).toBe('topic');
    expect(cannotTake({ ...me, languages: ['en'] }, entry)).toBeNull();
  });

  it('a transfer decides by person, not skills', () => {
    expect(cannotTake({ ...me, languages: [] }, { ...entry, transfer: { from: 'Li', to: me.staffId } })).toBeNull();
    expect(cannotTake({ ...me, languages: ['en'] }, { ...entry, transfer: { from: 'Li', to: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c08' } })).toBe('person');
    expect(cannotTake({ ...me, role: 'expert' }, { ...entry, transfer: { from: 'Li', to: 'supervisor' } })).toBe('person');
  });
});
