// What a bill payment looks like on paper: the customer's language first, the biller, the
// bill's reference, the amount formatted for that language from its integer minor units, the
// masked card, and the payment reference as text and as a QR code (staff scan it at the
// counter). A payment stored for forwarding says "pending" in both languages and has no
// reference yet: the bank has not answered.
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { LocalisedText } from '../../../protocol/core-banking.js';
import { formatMoney, type Money } from '../../../protocol/money.js';

export type ReceiptLocale = 'zh-CN' | 'en';

export interface PaymentReceiptFacts {
  billerName: LocalisedText;
  billReference: string;
  total: Money;
  maskedPan: string;
  /** The bank's payment reference; null while the payment is pending. */
  reference: string | null;
  pending: boolean;
}

const words = {
  'zh-CN': {
    title: '缴费凭条',
    biller: '收费单位',
    billReference: '缴费户号',
    amount: '缴费金额',
    card: '付款卡号',
    reference: '交易参考号',
    approved: '缴费成功',
    pending: '待处理：已在本机保存，联网后提交银行',
    kiosk: '自助终端',
    keep: '请妥善保管本凭条',
  },
  en: {
    title: 'Bill payment receipt',
    biller: 'Biller',
    billReference: 'Bill account',
    amount: 'Amount paid',
    card: 'Card',
    reference: 'Payment reference',
    approved: 'Payment approved',
    pending: 'PENDING: stored on this kiosk, sent to the bank when it is back online',
    kiosk: 'Kiosk',
    keep: 'Please keep this receipt',
  },
} as const;

const two = (n: number) => String(n).padStart(2, '0');
/** The receipt's local date and time, YYYY-MM-DD HH:MM (every receipt of the kiosk writes it so). */
export const stamp = (at: Date) => `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;

export function paymentReceipt(facts: PaymentReceiptFacts, opts: { locale: ReceiptLocale; branchName: LocalisedText; kioskId: string; at: Date }): ReceiptDocument {
  const { locale } = opts;
  const w = words[locale];
  const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
  const colon = locale === 'zh-CN' ? '：' : ': ';
  const line = (label: string, value: string) => ({ kind: 'text' as const, text: `${label}${colon}${value}` });
  return {
    blocks: [
      { kind: 'text', text: opts.branchName[locale], align: 'center', bold: true },
      { kind: 'text', text: `${w.title} / ${words[other].title}`, align: 'center' },
      { kind: 'rule' },
      line(w.biller, facts.billerName[locale]),
      line(w.billReference, facts.billReference),
      line(w.card, facts.maskedPan),
      { kind: 'text', text: `${w.amount}${colon}${formatMoney(facts.total, locale)}`, bold: true, size: 'double-height' },
      { kind: 'rule' },
      // Pending is said in both languages: whoever reads the slip later must not take it as paid.
      ...(facts.pending
        ? [
            { kind: 'text' as const, text: w.pending, bold: true },
            { kind: 'text' as const, text: words[other].pending },
          ]
        : [{ kind: 'text' as const, text: w.approved, bold: true, align: 'center' as const }]),
      ...(facts.reference
        ? [
            line(w.reference, facts.reference),
            { kind: 'qr' as const, data: facts.reference, size: 6, errorCorrection: 'M' as const, align: 'center' as const },
          ]
        : []),
      { kind: 'text', text: `${stamp(opts.at)}  ${w.kiosk} ${opts.kioskId}`, align: 'center' },
      { kind: 'text', text: w.keep, align: 'center' },
      { kind: 'feed', lines: 3 },
      { kind: 'cut' },
    ],
  };
}
