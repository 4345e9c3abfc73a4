import { describe, expect, it } from 'vitest';
import { makeItem, makeItems } from '../hub/testing/transaction-items.js';
import {
  MAX_BATCH_ITEMS,
  listTransactionsQuerySchema,
  transactionBatchEnvelopeSchema,
  transactionBatchRequestSchema,
  transactionItemSchema,
} from './hub-api.js';

describe('transactionItemSchema', () => {
  it('accepts a well-formed item, upper-case ids and offsets included', () => {
    const item = makeItem(1, { id: '0190A5D4-0000-7000-8000-00000000000A', createdAt: '2026-11-23T17:00:00+08:00' });
    expect(transactionItemSchema.parse(item)).toEqual(item);
  });

  it.each([
    ['seq 0', { seq: 0 }, 'seq'],
    ['a fractional seq', { seq: 1.5 }, 'seq'],
    ['a seq beyond the safe integers', { seq: 2 ** 53 }, 'seq'],
    ['a type starting with a digit', { type: '1deposit' }, 'type'],
    ['a 65-character type', { type: `a${'b'.repeat(64)}` }, 'type'],
    ['schemaVersion 0', { schemaVersion: 0 }, 'schemaVersion'],
    ['a date without time', { createdAt: '2026-11-23' }, 'createdAt'],
    ['a local time without offset', { createdAt: '2026-11-23T09:00:00' }, 'createdAt'],
    ['a null payload', { payload: null }, 'payload'],
    ['an unknown field', { extra: 1 }, ''],
  ])('refuses %s, naming %s', (_label, change, field) => {
    const result = transactionItemSchema.safeParse({ ...makeItem(1), ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });
});

describe('batch envelope', () => {
  it(`takes 1 to ${MAX_BATCH_ITEMS} items of any shape; the typed request wants them valid`, () => {
    expect(transactionBatchEnvelopeSchema.safeParse({ kioskId: 'K01', items: [1, 'x'] }).success).toBe(true);
    expect(transactionBatchEnvelopeSchema.safeParse({ kioskId: 'K01', items: [] }).success).toBe(false);
    expect(transactionBatchEnvelopeSchema.safeParse({ kioskId: 'K01', items: Array(MAX_BATCH_ITEMS + 1).fill({}) }).success).toBe(false);
    expect(transactionBatchRequestSchema.safeParse({ kioskId: 'K01', items: [1] }).success).toBe(false);
    expect(transactionBatchRequestSchema.safeParse({ kioskId: 'K01', items: makeItems(2), backlogHint: 3 }).success).toBe(true);
  });
});

describe('listTransactionsQuerySchema', () => {
  it('reads numbers from the query string and fills defaults', () => {
    expect(listTransactionsQuerySchema.parse({ kioskId: 'K01' })).toEqual({ kioskId: 'K01', limit: 100, afterSeq: 0 });
    expect(listTransactionsQuerySchema.parse({ kioskId: 'K01', limit: '5', afterSeq: '9' })).toEqual({ kioskId: 'K01', limit: 5, afterSeq: 9 });
    expect(listTransactionsQuerySchema.safeParse({ kioskId: 'K01', limit: '1001' }).success).toBe(false);
  });
});
