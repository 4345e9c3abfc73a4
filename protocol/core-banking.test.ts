import { describe, expect, it } from 'vitest';
import { billLookupRequestSchema, formatBillPayload, parseBillPayload, payBillRequestSchema, paymentResultSchema, statementRequestSchema } from './core-banking.js';

describe('bill QR payload', () => {
  const payload = { billerId: 'sgcc-sh', reference: '3100123456', billId: 'EB-202611-0001', amount: { minor: 25_680, currency: 'CNY' as const } };

  it('formats and parses the documented layout', () => {
    expect(formatBillPayload(payload)).toBe('BKBILL1|sgcc-sh|3100123456|EB-202611-0001|CNY|25680');
    expect(parseBillPayload(' BKBILL1|sgcc-sh|3100123456|EB-202611-0001|CNY|25680\r\n')).toEqual(payload);
  });

  it('refuses other versions, unknown currencies, zero and non-integer amounts', () => {
    for (const text of ['BKBILL2|sgcc-sh|3100123456|EB-1|CNY|25680', 'BKBILL1|sgcc-sh|3100123456|EB-1|XXX|25680', 'BKBILL1|sgcc-sh|3100123456|EB-1|CNY|0', 'BKBILL1|sgcc-sh|3100123456|EB-1|CNY|256.80', 'BKBILL1|sgcc-sh|3100123456|EB-1|CNY']) {
      expect(parseBillPayload(text)).toBeNull();
    }
  });
});

describe('kiosk requests', () => {
  it('requires a UUID idempotency key and a positive amount in minor units', () => {
    const request = { kioskId: 'k1', idempotencyKey: '0190b5c2-7d3e-7a10-8000-000000000001', sessionId: '0190b5c2-7d3e-7a10-8000-000000000002', accountId: 'A1001', billId: 'EB-1', amount: { minor: 100, currency: 'CNY' } };
    expect(payBillRequestSchema.safeParse(request).success).toBe(true);
    expect(payBillRequestSchema.safeParse({ ...request, idempotencyKey: 'retry-1' }).success).toBe(false);
    expect(payBillRequestSchema.safeParse({ ...request, amount: { minor: 1.5, currency: 'CNY' } }).success).toBe(false);
    expect(payBillRequestSchema.safeParse({ ...request, amount: { minor: -100, currency: 'CNY' } }).success).toBe(false);
    expect(payBillRequestSchema.safeParse({ ...request, extra: 1 }).success).toBe(false);
  });

  it('refuses a statement period that ends before it starts', () => {
    const base = { kioskId: 'k1', sessionId: '0190b5c2-7d3e-7a10-8000-000000000002', accountId: 'A1001' };
    expect(statementRequestSchema.safeParse({ ...base, from: '2026-11-01', to: '2026-11-30' }).success).toBe(true);
    expect(statementRequestSchema.safeParse({ ...base, from: '2026-12-01', to: '2026-11-30' }).success).toBe(false);
  });

  it('takes a lookup by reference or by scanned payload, nothing else', () => {
    expect(billLookupRequestSchema.safeParse({ kioskId: 'k1', lookup: { by: 'reference', billerId: 'cmcc', reference: '13800138000' } }).success).toBe(true);
    expect(billLookupRequestSchema.safeParse({ kioskId: 'k1', lookup: { by: 'payload', payload: 'BKBILL1|…' } }).success).toBe(true);
    expect(billLookupRequestSchema.safeParse({ kioskId: 'k1', lookup: { by: 'name', name: '张' } }).success).toBe(false);
  });

  it('types a decline by a known reason code only', () => {
    expect(paymentResultSchema.safeParse({ outcome: 'declined', reason: 'insufficient-funds' }).success).toBe(true);
    expect(paymentResultSchema.safeParse({ outcome: 'declined', reason: 'no-idea' }).success).toBe(false);
  });
});
