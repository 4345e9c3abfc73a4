// Balances and statements on paper, rendered through the real ESC/POS encoder and decoder, and
// the printer port's reading of how a page job ended (whole, refused, or interrupted).
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeReceipt, renderReceiptText, type PrintResult, type ReceiptDocument } from '../../../drivers/escpos/index.js';
import { decodeGb18030, encodeGb18030 } from '../../../drivers/escpos/text-encoding.node.js';
import type { AccountSummary, StatementEntry } from '../../../protocol/core-banking.js';
import { DeviceCallError } from '../devices/device-handle.js';
import { silentLogger } from '../log.node.js';
import type { StatementPageSlip } from './account-services-ports.js';
import { accountSlipPrinter } from './account-services-printer.node.js';
import { balanceSlip, miniStatementSlip, statementPage, type SlipContext } from './account-services-receipts.js';
import { statementPages } from './statement-pages.js';

const cny = (minor: number) => ({ minor, currency: 'CNY' as const });
const ACCOUNT: AccountSummary = { accountId: 'A1001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期账户', en: 'Current account' }, available: cny(1_234_567), ledger: cny(1_234_567) };
const ENTRIES: StatementEntry[] = [
  // 01:12 UTC on the 5th is 09:12 on the 5th in Shanghai; 16:40 UTC on the 8th is the 9th there.
  { entryId: 'E1', bookedAt: '2026-11-05T01:12:00Z', description: '工资 / Salary', amount: cny(1_500_000), balanceAfter: cny(1_500_000) },
  { entryId: 'E2', bookedAt: '2026-11-08T16:40:00Z', description: '超市 / Supermarket', amount: cny(-32_850), balanceAfter: cny(1_467_150) },
  { entryId: 'E3', bookedAt: '2026-11-15T04:05:00Z', description: '转账 / Transfer', amount: cny(-100_000), balanceAfter: cny(1_367_150) },
];
const ctx: SlipContext = { branchName: { 'zh-CN': '示例银行 中山路支行', en: 'Example Bank, Zhongshan Rd' }, kioskId: 'K09', at: new Date('2026-12-04T01:05:00Z'), timeZone: 'Asia/Shanghai' };
const RECEIPT = 'K09-EAZPUS-01JK0T4YSW';

const printed = (doc: ReceiptDocument) => renderReceiptText(decodeAll(encodeReceipt(doc, { encodeText: encodeGb18030 })), decodeGb18030);

function page(n: number, locale: 'zh-CN' | 'en', truncated = false): StatementPageSlip {
  const pages = statementPages(ENTRIES, 2);
  const p = pages[n - 1]!;
  return { locale, receiptNumber: RECEIPT, account: ACCOUNT, period: { from: '2026-11-01', to: '2026-11-30' }, page: p.page, pages: p.pages, entries: p.entries, broughtForward: p.broughtForward, carriedForward: p.carriedForward, truncated };
}

describe('statement pages', () => {
  it('each page: branch, masked account, period, receipt number and "page N of M" in the language; brought and carried forward', () => {
    const first = printed(statementPage(page(1, 'zh-CN'), ctx));
    expect(first).toContain('示例银行 中山路支行');
    expect(first).toContain('第 1 页 / 共 2 页');
    expect(first).toContain('账号：活期账户 6222 **** **** 0001');
    expect(first).toContain('对账期间：2026-11-01 – 2026-11-30');
    expect(first).toContain(`凭条号：${RECEIPT}`);
    expect(first).toContain('期初余额：¥0.00');
    // Dates in the bank's calendar, amounts signed and per locale, the balance after each entry.
    expect(first).toContain('2026-11-05  工资 / Salary');
    expect(first).toContain('+¥15,000.00    余额 ¥15,000.00');
    expect(first).toContain('2026-11-09  超市 / Supermarket');
    expect(first).toContain('-¥328.50    余额 ¥14,671.50');
    expect(first).toContain('期末余额：¥14,671.50');
    expect(first).toContain('续下页');
    expect(first).toContain('CUT');
    expect(first).not.toContain('2026-11-15');

    const second = printed(statementPage(page(2, 'en'), ctx));
    expect(second).toContain('Page 2 of 2');
    expect(second).toContain('Balance brought forward: CN¥14,671.50');
    expect(second).toContain('Balance carried forward: CN¥13,671.50');
    expect(second).toContain('End of statement');
    expect(second).toContain('2026-12-04 09:05  Kiosk K09');
    expect(second).not.toContain('NOTE');
  });

  it('a statement the bank cut short says so on its last page', () => {
    expect(printed(statementPage(page(2, 'en', true), ctx))).toContain('NOTE: this period has more transactions than one statement holds');
    expect(printed(statementPage(page(2, 'zh-CN', true), ctx))).toContain('本对账单只列出前面部分交易');
  });

  it('pages chain their balances and hold every entry once', () => {
    const pages = statementPages(ENTRIES, 1);
    expect(pages.map((p) => [p.page, p.pages, p.broughtForward.minor, p.carriedForward.minor])).toEqual([
      [1, 3, 0, 1_500_000],
      [2, 3, 1_500_000, 1_467_150],
      [3, 3, 1_467_150, 1_367_150],
    ]);
    expect(statementPages([], 20)).toEqual([]);
  });
});

describe('balance and mini-statement slips', () => {
  it('the balance slip lists each account masked with available and ledger balance, the card masked, and the receipt number', () => {
    const text = printed(balanceSlip({ locale: 'en', receiptNumber: RECEIPT, maskedPan: '622202*********0017', accounts: [ACCOUNT] }, ctx));
    expect(text).toContain('Account balances');
    expect(text).toContain('Card: 622202*********0017');
    expect(text).toContain('Current account  6222 **** **** 0001');
    expect(text).toContain('Available: CN¥12,345.67');
    expect(text).toContain(`Receipt no.: ${RECEIPT}`);
    expect(text).not.toMatch(/6222000010000001|6222021000000000017/);
  });

  it('the mini-statement slip lists the entries newest first as given, or says there are none', () => {
    const text = printed(miniStatementSlip({ locale: 'zh-CN', receiptNumber: RECEIPT, maskedPan: '622202*********0017', account: ACCOUNT, entries: [...ENTRIES].reverse() }, ctx));
    expect(text).toContain('最近交易明细');
    expect(text.indexOf('转账 / Transfer')).toBeLessThan(text.indexOf('工资 / Salary'));
    expect(printed(miniStatementSlip({ locale: 'en', receiptNumber: RECEIPT, maskedPan: '622202*********0017', account: ACCOUNT, entries: [] }, ctx))).toContain('No transactions');
  });
});

describe('statement printer port', () => {
  const status = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false, error: null } as never;
  const port = (print: () => Promise<PrintResult>, role: string | null = 'receipt') =>
    accountSlipPrinter({ devices: { roleOf: () => role, print }, branchName: ctx.branchName, kioskId: 'K09', timeZone: 'Asia/Shanghai', log: silentLogger(), now: () => ctx.at });

  it('a whole page is printed; an interrupted one pauses with the reason; a refused one too', async () => {
    expect(await port(async () => ({ printed: true, jobId: 'j', byteLength: 1, status })).printStatementPage(page(1, 'en'))).toEqual({ printed: true });
    expect(await port(async () => ({ printed: false, interrupted: true, code: 'PAPER_OUT', message: 'out', jobId: 'j', byteLength: 1, status: null })).printStatementPage(page(1, 'en'))).toEqual({
      printed: false,
      pause: 'paper-out',
    });
    expect(await port(async () => Promise.reject(new DeviceCallError('COVER_OPEN', 'cover'))).printStatementPage(page(1, 'en'))).toEqual({ printed: false, pause: 'cover-open' });
    expect(await port(async () => ({ printed: false, interrupted: true, code: 'OFFLINE', message: 'gone', jobId: 'j', byteLength: 1, status: null })).printStatementPage(page(1, 'en'))).toEqual({
      printed: false,
      pause: 'printer-error',
    });
    expect(await port(async () => ({ printed: true, jobId: 'j', byteLength: 1, status }), null).printStatementPage(page(1, 'en'))).toEqual({ printed: false, pause: 'printer-error' });
    expect(await port(async () => Promise.reject(new DeviceCallError('PAPER_OUT', 'out'))).printBalances({ locale: 'en', receiptNumber: RECEIPT, maskedPan: '622202*********0017', accounts: [ACCOUNT] })).toBe(false);
  });
});
