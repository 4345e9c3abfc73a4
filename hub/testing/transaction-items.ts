// Builders for tests: valid items by default, so a test states only what it is about.
import { v7 as uuidv7 } from 'uuid';
import type { TransactionItem } from '../../protocol/hub-api.js';

let kioskCounter = 0;

/** Tests share one database per file; a fresh kiosk id keeps their rows apart. */
export function uniqueKioskId(prefix = 'K'): string {
  kioskCounter += 1;
  return `${prefix}-${process.pid}-${kioskCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function makeItem(seq: number, overrides: Partial<TransactionItem> = {}): TransactionItem {
  return {
    id: uuidv7(),
    seq,
    type: 'queue.ticket',
    schemaVersion: 1,
    createdAt: new Date(Date.UTC(2026, 10, 23, 9, 0, seq % 60)).toISOString(),
    payload: { serviceId: 'deposit', number: `A${String(seq).padStart(3, '0')}` },
    ...overrides,
  };
}

export function makeItems(count: number, firstSeq = 1): TransactionItem[] {
  return Array.from({ length: count }, (_, i) => makeItem(firstSeq + i));
}
