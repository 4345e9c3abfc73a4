// Balances and statements by China ID card (issue 10): the ID reader's sealed identity instead of
// a card, one hub binding per PIN try (the PIN block is bound to it), the tries left after a
// wrong PIN, and then the same accounts and statement as a card. A journey that offers no ID card
// says so on its card step; an ID card the bank does not sign in with is declined, not hung.
import { describe, expect, it, vi } from 'vitest';
import { accountServicesStateSchema, type AccountServicesState } from '../../bridge/account-services-contract.js';
import { receiptNumberFor } from '../../../protocol/account-services-item.js';
import { CARD_SEAL_ALGORITHM, type PinBlock, type SealedIdentity } from '../../../protocol/card-security.js';
import type { AccountSummary, CardAuthorisationResponse, IdChallenge } from '../../../protocol/core-banking.js';
import { AccountServicesJourney } from './account-services-machine.js';
import type { AccountCardPort, AccountsBankPort } from './account-services-ports.js';
import { HubUnreachableError } from './bill-payment-ports.js';

const IDENTITY: SealedIdentity = { alg: CARD_SEAL_ALGORITHM, keyId: 'demo-card-1', epk: 'A'.repeat(43), iv: 'B'.repeat(16), ct: 'C'.repeat(40), tag: 'D'.repeat(22), kind: 'cn-id', masked: '310101********031X' };
const PIN: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: '0'.repeat(32) };
const SESSION = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
const cny = (minor: number) => ({ minor, currency: 'CNY' as const });
const ACCOUNTS: AccountSummary[] = [{ accountId: 'A1001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期账户', en: 'Current account' }, available: cny(1_234_567), ledger: cny(1_234_567) }];
const APPROVED: CardAuthorisationResponse = { outcome: 'approved', session: { sessionId: SESSION, expiresAt: '2026-12-05T10:05:00Z', maskedPan: '622202*********0017', customer: { customerId: 'C1001', displayName: '张伟' }, accounts: ACCOUNTS } };

function harness(opts: { answers?: Array<CardAuthorisationResponse | Error>; identityBank?: boolean; acceptsIdCard?: boolean } = {}) {
  const states: AccountServicesState[] = [];
  const bindings: (string | undefined)[] = [];
  const signIns: { challengeId: string }[] = [];
  let challenges = 0;
  const answers = [...(opts.answers ?? [APPROVED])];
  const bank: AccountsBankPort = {
    authorise: vi.fn(async () => APPROVED),
    endSession: async () => undefined,
    accounts: async () => ({ outcome: 'ok', accounts: ACCOUNTS }),
    miniStatement: async () => ({ outcome: 'ok', account: ACCOUNTS[0]!, entries: [], truncated: false }),
    statement: async () => ({ outcome: 'ok', account: ACCOUNTS[0]!, entries: [], truncated: false }),
    ...(opts.identityBank === false
      ? {}
      : {
          identityChallenge: async (): Promise<IdChallenge> => {
            challenges++;
            return { challengeId: `0194c1a2-0000-7000-8000-00000000000${challenges}`, binding: `9${String(challenges).padStart(15, '0')}`, expiresAt: '2026-12-05T10:03:00Z' };
          },
          authoriseIdentity: async (_identity, challengeId) => {
            signIns.push({ challengeId });
            const next = answers.shift() ?? APPROVED;
            if (next instanceof Error) throw next;
            return next;
          },
        }),
  };
  const card: AccountCardPort = {
    presentCard: async () => ({ kind: 'identity', sealed: IDENTITY }),
    readPin: async (onDigits, _signal, binding) => {
      bindings.push(binding);
      for (let i = 1; i <= 6; i++) onDigits(i);
      return PIN;
    },
    release: async () => undefined,
  };
  const journey = new AccountServicesJourney({
    bank,
    card,
    acceptsIdCard: opts.acceptsIdCard ?? true,
    printer: { printBalances: async () => true, printMiniStatement: async () => true, printStatementPage: async () => ({ printed: true }) },
    book: { record: async () => undefined },
    policy: { today: () => '2026-12-05', historyDays: 730, maxDays: 366, entriesPerPage: 2 },
    enquiry: () => ({ enquiryId: '0194c1a2-7b3c-7d4e-8f01-a1b2c3d4e5f6', receiptNumber: receiptNumberFor('K09', '0194c1a2-7b3c-7d4e-8f01-a1b2c3d4e5f6') }),
    log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
    onChange: (status) => states.push(accountServicesStateSchema.parse(status.state)),
  });
  return { journey, bank, states, bindings, signIns, challenges: () => challenges };
}

describe('balances and statements by China ID card', () => {
  it('offers the ID card on the card step, binds the PIN to the hub value, and shows the accounts of the card whose PIN it was', async () => {
    const h = harness();
    await h.journey.start();
    expect(h.states[0]).toEqual({ phase: 'card', insertChip: false, idCard: true });
    // The PIN step names the ID card (masked), never a card number; dots only.
    const pins = h.states.filter((s) => s.phase === 'pin');
    expect(pins.map((s) => (s.phase === 'pin' ? s.digits : -1))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pins.every((s) => s.phase === 'pin' && s.maskedId === IDENTITY.masked && s.maskedPan === undefined)).toBe(true);
    expect(h.states.find((s) => s.phase === 'authorising')).toEqual({ phase: 'authorising', maskedId: IDENTITY.masked });
    expect(h.bindings).toEqual(['9000000000000001']);
    expect(h.bank.authorise).not.toHaveBeenCalled();
    expect(h.journey.state).toMatchObject({ phase: 'accounts', maskedPan: '622202*********0017', accounts: ACCOUNTS });
  });

  it('a wrong PIN asks again with the tries left, under a new binding', async () => {
    const h = harness({ answers: [{ outcome: 'declined', reason: 'wrong-pin', triesLeft: 2 }, APPROVED] });
    await h.journey.start();
    expect(h.bindings).toEqual(['9000000000000001', '9000000000000002']);
    expect(h.signIns.map((s) => s.challengeId)).toEqual(['0194c1a2-0000-7000-8000-000000000001', '0194c1a2-0000-7000-8000-000000000002']);
    expect(h.states.some((s) => s.phase === 'pin' && s.triesLeft === 2 && s.maskedId === IDENTITY.masked)).toBe(true);
    expect(h.journey.state.phase).toBe('accounts');
  });

  it('stops with the reason for an ID the bank does not know, or an expired one', async () => {
    for (const reason of ['unknown-customer', 'id-expired'] as const) {
      const h = harness({ answers: [{ outcome: 'declined', reason }] });
      await h.journey.start();
      expect(h.journey.state).toMatchObject({ phase: 'stopped', reason: 'declined', declined: reason });
    }
  });

  it('a hub that does not answer stops the journey as unreachable', async () => {
    const h = harness({ answers: [new HubUnreachableError('connect ECONNREFUSED')] });
    await h.journey.start();
    expect(h.journey.state).toMatchObject({ phase: 'stopped', reason: 'hub-unreachable' });
  });

  it('without an ID reader the card step does not offer it; a bank without ID sign-in declines an ID card', async () => {
    const noReader = harness({ acceptsIdCard: false });
    await noReader.journey.start();
    expect(noReader.states[0]).toEqual({ phase: 'card', insertChip: false });

    const noIdBank = harness({ identityBank: false });
    await noIdBank.journey.start();
    expect(noIdBank.states[0]).toEqual({ phase: 'card', insertChip: false });
    expect(noIdBank.journey.state).toMatchObject({ phase: 'stopped', reason: 'declined', declined: 'unknown-customer' });
    expect(noIdBank.challenges()).toBe(0);
  });
});
