import { describe, expect, it, vi } from 'vitest';
import { createIdDocument } from '../../../drivers/id/index.js';
import { createDocumentHolder } from './held-document.js';

const doc = (documentNumber: string) =>
  createIdDocument({ kind: 'cn-resident-id', documentNumber, surname: '测试员', givenNames: '', sex: 'F', birthDate: '1949-12-31', expiryDate: null, nationality: 'CHN', address: '北京市', photo: new Uint8Array([1, 2, 3]) });

describe('document holder (device worker)', () => {
  it('hands the newest document over once, by its reference', () => {
    const holder = createDocumentHolder();
    const first = holder.keep(doc('11010519491231002X'));
    const second = holder.keep(doc('110105199002280020'));
    expect(holder.take(first)).toBeNull();
    expect(holder.take(second)).toMatchObject({ documentNumber: '110105199002280020', photo: 'AQID', address: '北京市' });
    expect(holder.take(second)).toBeNull();
  });
  it('forgets a document nobody took', () => {
    vi.useFakeTimers();
    try {
      const holder = createDocumentHolder(1_000);
      const ref = holder.keep(doc('11010519491231002X'));
      vi.advanceTimersByTime(1_001);
      expect(holder.take(ref)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
