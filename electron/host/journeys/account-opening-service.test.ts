// The account-opening service (issue 11): online only, one journey per session, its state under
// the service's own sequence; a new start or a session end detaches (and withdraws) the last one.
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../bridge/contract.js';
import type { AccountOpeningStatus } from '../../bridge/account-opening-contract.js';
import { AccountOpeningService } from './account-opening-service.node.js';

function service(online: () => boolean) {
  const emitted: AccountOpeningStatus[] = [];
  const calls: string[] = [];
  const svc = new AccountOpeningService({
    bank: {
      fileApplication: async (r) => (calls.push('file'), { outcome: 'filed', applicationId: r.applicationId }),
      applicationStatus: async () => ({ outcome: 'ok', status: 'filed' }),
      withdrawApplication: async (_id, reason) => (calls.push(`withdraw ${reason}`), { outcome: 'ok', status: 'withdrawn' }),
      openAccount: async () => ({ outcome: 'refused', reason: 'not-approved' }),
    },
    documents: { hasPassportReader: () => false, hasReader: () => true, next: (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('left')))) },
    expert: { inCall: () => false, onDecision: () => () => undefined },
    book: { book: async () => ({ id: '0194c1a2-0000-7000-8000-000000000001' }), keep: async () => undefined },
    receipt: { print: async () => true },
    cardOffer: { available: async () => false },
    consentVersion: 'terms-2026.11',
    faceThreshold: 0.6,
    online,
    emit: (s) => emitted.push(s),
    log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
  });
  return { svc, emitted, calls };
}

describe('account opening service', () => {
  it('refuses to start while the hub is away, with OFFLINE_NOT_ALLOWED', async () => {
    const { svc, emitted } = service(() => false);
    const refused = await svc.start().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(BridgeError);
    expect((refused as BridgeError).code).toBe('OFFLINE_NOT_ALLOWED');
    expect(emitted).toEqual([]);
    expect(svc.status()).toEqual({ seq: 0, state: { phase: 'idle' } });
  });

  it('starts online, publishes under a rising seq, and a session end leaves it idle', async () => {
    const { svc, emitted } = service(() => true);
    const started = await svc.start();
    expect(started.state).toEqual({ phase: 'document', passportReader: false });
    await svc.sessionEnded('idle');
    expect(svc.status().state).toEqual({ phase: 'idle' });
    const seqs = emitted.map((s) => s.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(emitted.at(-1)?.state).toEqual({ phase: 'idle' });
  });
});
