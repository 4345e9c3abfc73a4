// The statement in print on disk: it survives a reopen, and a host start records a statement a
// killed host left printing as stopped, once, with the pages known to be out.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountServiceItemProblem, receiptNumberFor, type AccountServiceItem } from '../../../protocol/account-services-item.js';
import { silentLogger } from '../log.node.js';
import { fileStatementInPrintStore, recoverStatementInPrint, type StatementInPrint } from './statement-in-print.node.js';

const ENQUIRY = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
const LEFT: StatementInPrint = {
  enquiryId: ENQUIRY,
  receiptNumber: receiptNumberFor('K09', ENQUIRY),
  locale: 'en',
  maskedAccount: '6222 **** **** 0001',
  period: { from: '2026-11-01', to: '2026-11-30' },
  pages: 3,
  printedPages: 1,
  truncated: false,
};

describe('statement in print', () => {
  it('is kept across a reopen of the data dir and cleared after', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-inprint-'));
    await fileStatementInPrintStore(dir).save(LEFT);
    expect(await fileStatementInPrintStore(dir).load()).toEqual(LEFT);
    await fileStatementInPrintStore(dir).clear();
    expect(await fileStatementInPrintStore(dir).load()).toBeNull();
  });

  it('at start, a statement left printing becomes one stopped row the hub accepts; a second start records nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-inprint-'));
    await fileStatementInPrintStore(dir).save(LEFT);
    const rows: AccountServiceItem[] = [];
    const book = { record: async (row: AccountServiceItem) => void rows.push(row) };
    expect(await recoverStatementInPrint(fileStatementInPrintStore(dir), book, silentLogger())).toEqual(LEFT);
    expect(await recoverStatementInPrint(fileStatementInPrintStore(dir), book, silentLogger())).toBeNull();
    expect(rows).toEqual([{ type: 'banking.statement-printed', item: { ...LEFT, outcome: 'stopped' } }]);
    expect(accountServiceItemProblem('K09', rows[0]!.type, rows[0]!.item)).toBeNull();
  });

  it('a file that does not parse is dropped, not recorded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-inprint-'));
    mkdirSync(path.join(dir, 'account-services'));
    writeFileSync(path.join(dir, 'account-services', 'statement-in-print.json'), '{"enquiryId":"x"}');
    const rows: AccountServiceItem[] = [];
    expect(await recoverStatementInPrint(fileStatementInPrintStore(dir), { record: async (row) => void rows.push(row) }, silentLogger())).toBeNull();
    expect(rows).toEqual([]);
    expect(await fileStatementInPrintStore(dir).load()).toBeNull();
  });
});
