// The kiosk's banking client for balances and statements against a scripted hub: the request
// each call sends, the shared schemas on each answer, and which failures mean "hub away".
import { describe, expect, it } from 'vitest';
import { BANKING_PATHS, type StatementResponse } from '../../../protocol/core-banking.js';
import type { HubReply, Send } from '../hub-send.node.js';
import { HubUnreachableError } from '../journeys/bill-payment-ports.js';
import { BankRequestError, HubBankClient } from './hub-bank-client.node.js';

const SESSION = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
const ACCOUNT = { accountId: 'A1001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期账户', en: 'Current account' }, available: { minor: 1_234_567, currency: 'CNY' }, ledger: { minor: 1_234_567, currency: 'CNY' } };
const ENTRY = { entryId: 'E1', bookedAt: '2026-11-05T09:12:00+08:00', description: '工资 / Salary', amount: { minor: 1_500_000, currency: 'CNY' }, balanceAfter: { minor: 1_500_000, currency: 'CNY' } };

const reply = (status: number, body: unknown): HubReply => ({ status, json: async () => body });

function scripted(answer: (path: string, body: unknown) => HubReply | Promise<HubReply>) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  const send: Send = async (method, path, body) => {
    sent.push({ method, path, body });
    return answer(path, body);
  };
  return { client: new HubBankClient('K09', send), sent };
}

describe('HubBankClient: balances and statements', () => {
  it('asks for accounts, a mini-statement and a period statement by card session, signed as this kiosk', async () => {
    const statement: StatementResponse = { outcome: 'ok', account: ACCOUNT as never, entries: [ENTRY as never], truncated: false };
    const { client, sent } = scripted((path) => reply(200, path === BANKING_PATHS.accounts ? { outcome: 'ok', accounts: [ACCOUNT] } : statement));
    expect(await client.accounts(SESSION)).toEqual({ outcome: 'ok', accounts: [ACCOUNT] });
    expect(await client.miniStatement({ sessionId: SESSION, accountId: 'A1001', limit: 10 })).toEqual(statement);
    expect(await client.statement({ sessionId: SESSION, accountId: 'A1001', from: '2026-11-01', to: '2026-11-30' })).toEqual(statement);
    expect(sent).toEqual([
      { method: 'POST', path: BANKING_PATHS.accounts, body: { kioskId: 'K09', sessionId: SESSION } },
      { method: 'POST', path: BANKING_PATHS.miniStatement, body: { kioskId: 'K09', sessionId: SESSION, accountId: 'A1001', limit: 10 } },
      { method: 'POST', path: BANKING_PATHS.statement, body: { kioskId: 'K09', sessionId: SESSION, accountId: 'A1001', from: '2026-11-01', to: '2026-11-30' } },
    ]);
  });

  it('a decline is an answer, not an error', async () => {
    const { client } = scripted(() => reply(200, { outcome: 'declined', reason: 'session-expired' }));
    expect(await client.statement({ sessionId: SESSION, accountId: 'A1001', from: '2026-11-01', to: '2026-11-30' })).toEqual({ outcome: 'declined', reason: 'session-expired' });
    expect(await client.accounts(SESSION)).toEqual({ outcome: 'declined', reason: 'session-expired' });
  });

  it('no network, a timeout, 5xx, busy or rate limited is HubUnreachableError; a malformed request is BankRequestError', async () => {
    const down = scripted(() => Promise.reject(new Error('connect ECONNREFUSED')));
    await expect(down.client.accounts(SESSION)).rejects.toBeInstanceOf(HubUnreachableError);
    for (const status of [503, 429, 504, 409]) {
      const busy = scripted(() => reply(status, { code: 'UNAVAILABLE', message: 'later' }));
      await expect(busy.client.miniStatement({ sessionId: SESSION, accountId: 'A1001', limit: 10 })).rejects.toBeInstanceOf(HubUnreachableError);
    }
    const bad = scripted(() => reply(400, { code: 'BAD_REQUEST', message: 'from must not be after to' }));
    const err = await bad.client.statement({ sessionId: SESSION, accountId: 'A1001', from: '2026-12-01', to: '2026-11-01' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BankRequestError);
    expect(err).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('an answer that does not match the shared schema is refused, never passed on', async () => {
    const { client } = scripted(() => reply(200, { outcome: 'ok', account: { ...ACCOUNT, available: { minor: 12.5, currency: 'CNY' } }, entries: [], truncated: false }));
    await expect(client.miniStatement({ sessionId: SESSION, accountId: 'A1001', limit: 10 })).rejects.toThrow();
  });
});
