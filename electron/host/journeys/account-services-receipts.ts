// Balances and statements on paper, in the customer's language: the balance slip, the
// mini-statement slip, and one statement page (each page its own printer job, complete in
// itself: header with branch, masked account, period, receipt number and "page N of M",
// brought-forward balance, entries with date, description, amount and balance after, and the
// carried-forward balance). Amounts come from integer minor units (protocol/money.ts); dates
// are the bank's calendar days. Card and account numbers appear only masked.
import type { ReceiptBlock, ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { LocalisedText, StatementEntry } from '../../../protocol/core-banking.js';
import { formatMoney, type Money } from '../../../protocol/money.js';
import type { BalanceSlip, MiniStatementSlip, SlipLocale, StatementPageSlip } from './account-services-ports.js';
import { todayIn } from './statement-pages.js';

export interface SlipContext {
  branchName: LocalisedText;
  kioskId: string;
  at: Date;
  /** The bank's calendar, for entry dates and the printing time. */
  timeZone: string;
}

const words = {
  'zh-CN': {
    balances: '账户余额',
    mini: '最近交易明细',
    statement: '账户对账单',
    card: '卡号',
    account: '账号',
    available: '可用余额',
    ledger: '账面余额',
    period: '对账期间',
    receipt: '凭条号',
    broughtForward: '期初余额',
    carriedForward: '期末余额',
    continued: '续下页',
    balanceAfter: '余额',
    noEntries: '暂无交易',
    truncated: '注意：本期交易过多，本对账单只列出前面部分交易，其余请到柜台查询。',
    kiosk: '自助终端',
    end: '对账单结束',
    keep: '请妥善保管，注意信息安全',
    page: (n: number, m: number) => `第 ${n} 页 / 共 ${m} 页`,
  },
  en: {
    balances: 'Account balances',
    mini: 'Recent transactions',
    statement: 'Account statement',
    card: 'Card',
    account: 'Account',
    available: 'Available',
    ledger: 'Ledger balance',
    period: 'Period',
    receipt: 'Receipt no.',
    broughtForward: 'Balance brought forward',
    carriedForward: 'Balance carried forward',
    continued: 'Continued overleaf',
    balanceAfter: 'Balance',
    noEntries: 'No transactions',
    truncated: 'NOTE: this period has more transactions than one statement holds; only the first are listed. Ask at the counter for the rest.',
    kiosk: 'Kiosk',
    end: 'End of statement',
    keep: 'Please keep this slip safe',
    page: (n: number, m: number) => `Page ${n} of ${m}`,
  },
} as const;

const text = (t: string, extra: Omit<Extract<ReceiptBlock, { kind: 'text' }>, 'kind' | 'text'> = {}): ReceiptBlock => ({ kind: 'text', text: t, ...extra });

function labelled(locale: SlipLocale) {
  const colon = locale === 'zh-CN' ? '：' : ': ';
  return (label: string, value: string, bold = false) => text(`${label}${colon}${value}`, bold ? { bold } : {});
}

const signed = (amount: Money, locale: SlipLocale) => (amount.minor > 0 ? `+${formatMoney(amount, locale)}` : formatMoney(amount, locale));
const dateOf = (entry: StatementEntry, timeZone: string) => todayIn(timeZone, new Date(entry.bookedAt));

function stamp(ctx: SlipContext): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ctx.at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function header(title: string, locale: SlipLocale, ctx: SlipContext): ReceiptBlock[] {
  return [text(ctx.branchName[locale], { align: 'center', bold: true }), text(title, { align: 'center', bold: true, size: 'double-height' }), { kind: 'rule' }];
}

function footer(locale: SlipLocale, ctx: SlipContext, receiptNumber: string): ReceiptBlock[] {
  const w = words[locale];
  return [{ kind: 'rule' }, labelled(locale)(w.receipt, receiptNumber), text(`${stamp(ctx)}  ${w.kiosk} ${ctx.kioskId}`, { align: 'center' }), text(w.keep, { align: 'center' }), { kind: 'feed', lines: 3 }, { kind: 'cut' }];
}

function entryLines(entry: StatementEntry, locale: SlipLocale, timeZone: string): ReceiptBlock[] {
  const w = words[locale];
  return [text(`${dateOf(entry, timeZone)}  ${entry.description}`), text(`${signed(entry.amount, locale)}    ${w.balanceAfter} ${formatMoney(entry.balanceAfter, locale)}`, { align: 'right' })];
}

export function balanceSlip(slip: BalanceSlip, ctx: SlipContext): ReceiptDocument {
  const { locale } = slip;
  const w = words[locale];
  const line = labelled(locale);
  return {
    blocks: [
      ...header(w.balances, locale, ctx),
      line(w.card, slip.maskedPan),
      ...slip.accounts.flatMap((a): ReceiptBlock[] => [
        { kind: 'rule' },
        text(`${a.name[locale]}  ${a.maskedNumber}`, { bold: true }),
        line(w.available, formatMoney(a.available, locale)),
        line(w.ledger, formatMoney(a.ledger, locale)),
      ]),
      ...footer(locale, ctx, slip.receiptNumber),
    ],
  };
}

export function miniStatementSlip(slip: MiniStatementSlip, ctx: SlipContext): ReceiptDocument {
  const { locale } = slip;
  const w = words[locale];
  const line = labelled(locale);
  return {
    blocks: [
      ...header(w.mini, locale, ctx),
      line(w.card, slip.maskedPan),
      line(w.account, `${slip.account.name[locale]} ${slip.account.maskedNumber}`),
      line(w.available, formatMoney(slip.account.available, locale), true),
      { kind: 'rule' },
      ...(slip.entries.length === 0 ? [text(w.noEntries)] : slip.entries.flatMap((e) => entryLines(e, locale, ctx.timeZone))),
      ...footer(locale, ctx, slip.receiptNumber),
    ],
  };
}

export function statementPage(slip: StatementPageSlip, ctx: SlipContext): ReceiptDocument {
  const { locale } = slip;
  const w = words[locale];
  const line = labelled(locale);
  const last = slip.page === slip.pages;
  return {
    blocks: [
      ...header(w.statement, locale, ctx),
      text(w.page(slip.page, slip.pages), { align: 'center', bold: true }),
      line(w.account, `${slip.account.name[locale]} ${slip.account.maskedNumber}`),
      line(w.period, `${slip.period.from} – ${slip.period.to}`),
      line(w.receipt, slip.receiptNumber),
      { kind: 'rule' },
      line(w.broughtForward, formatMoney(slip.broughtForward, locale), true),
      ...slip.entries.flatMap((e) => entryLines(e, locale, ctx.timeZone)),
      line(w.carriedForward, formatMoney(slip.carriedForward, locale), true),
      ...(last && slip.truncated ? [text(w.truncated, { bold: true })] : []),
      { kind: 'rule' },
      text(last ? w.end : w.continued, { align: 'center' }),
      text(`${stamp(ctx)}  ${w.kiosk} ${ctx.kioskId}`, { align: 'center' }),
      { kind: 'feed', lines: 3 },
      { kind: 'cut' },
    ],
  };
}
