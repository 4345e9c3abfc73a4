// What a newly opened account looks like on paper (issue 11): the customer's language first, the
// account number masked (6222****1234), the bank's reference as text and as a QR for the counter,
// the date. No name, no ID number: a receipt left on the kiosk tells a stranger nothing.
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { LocalisedText } from '../../../protocol/core-banking.js';
import { stamp, type ReceiptLocale } from './payment-receipt.js';

export interface WelcomeReceiptFacts {
  maskedAccount: string;
  reference: string;
}

const words = {
  'zh-CN': { title: '开户成功凭条', welcome: '欢迎成为我行客户', account: '账号', kind: '账户类型', current: '人民币活期账户', reference: '业务参考号', next: '可凭身份证件在柜台或自助终端办理借记卡', kiosk: '自助终端', keep: '请妥善保管本凭条' },
  en: { title: 'Account opening receipt', welcome: 'Welcome to the bank', account: 'Account', kind: 'Account type', current: 'CNY current account', reference: 'Reference', next: 'Bring your ID to the counter or a kiosk for a debit card', kiosk: 'Kiosk', keep: 'Please keep this receipt' },
} as const;

export function welcomeReceipt(facts: WelcomeReceiptFacts, opts: { locale: ReceiptLocale; branchName: LocalisedText; kioskId: string; at: Date }): ReceiptDocument {
  const w = words[opts.locale];
  const other = opts.locale === 'zh-CN' ? 'en' : 'zh-CN';
  const colon = opts.locale === 'zh-CN' ? '：' : ': ';
  const line = (label: string, value: string) => ({ kind: 'text' as const, text: `${label}${colon}${value}` });
  return {
    blocks: [
      { kind: 'text', text: opts.branchName[opts.locale], align: 'center', bold: true },
      { kind: 'text', text: `${w.title} / ${words[other].title}`, align: 'center' },
      { kind: 'rule' },
      { kind: 'text', text: w.welcome, bold: true },
      line(w.account, facts.maskedAccount),
      line(w.kind, w.current),
      { kind: 'rule' },
      line(w.reference, facts.reference),
      { kind: 'qr', data: facts.reference, size: 6, errorCorrection: 'M', align: 'center' },
      { kind: 'text', text: w.next },
      { kind: 'text', text: `${stamp(opts.at)}  ${w.kiosk} ${opts.kioskId}`, align: 'center' },
      { kind: 'text', text: w.keep, align: 'center' },
      { kind: 'feed', lines: 3 },
      { kind: 'cut' },
    ],
  };
}
