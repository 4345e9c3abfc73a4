import { expect, it } from 'vitest';
import { decisionSigner } from './decision-signer.node.js';

const fields = {
  decisionId: 'd1', sessionId: 's1', authRequestId: 'a1', kioskId: 'K1', staffId: 'e1',
  action: 'fee.waive', decision: 'approve' as const, decidedAt: '2026-11-23T09:00:00.000Z',
};

it('verifies its own signatures and rejects any edited field', () => {
  const signer = decisionSigner('a-long-decision-secret');
  const signature = signer.sign(fields);
  expect(signer.verify(fields, signature)).toBe(true);
  expect(signer.verify({ ...fields, decision: 'decline' }, signature)).toBe(false);
  expect(signer.verify({ ...fields, action: 'cash.limit' }, signature)).toBe(false);
  expect(signer.durable).toBe(true);
});

it('signs with a random key when none is configured, which another process cannot verify', () => {
  const [a, b] = [decisionSigner(), decisionSigner()];
  expect(a.durable).toBe(false);
  expect(b.verify(fields, a.sign(fields))).toBe(false);
  expect(decisionSigner('x'.repeat(20)).sign(fields)).toBe(decisionSigner('x'.repeat(20)).sign(fields));
});
