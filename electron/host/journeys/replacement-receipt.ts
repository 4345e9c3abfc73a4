// What a card replacement (or a new customer's first card) looks like on paper: the customer's language first, the new card
// masked, why the old one was replaced (a lost or stolen one says it is blocked), the fee
// formatted from its minor units, and the bank's reference as text and as a QR for the counter.
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { LocalisedText } from '../../../protocol/core-banking.js';
import { formatMoney, type Money } from '../../../protocol/money.js';
import type { IssueReason } from './card-replacement-ports.js';
import { stamp, type ReceiptLocale } from './payment-receipt.js';

export interface ReplacementReceiptFacts {
  reference: string;
  maskedPan: string;
  fee: Money;
  reason: IssueReason;
}

const words = {
  'zh-CN': { title: '补换卡凭条', firstTitle: '发卡凭条', 'first-card': '新开账户首张借记卡', card: '新卡卡号', reason: '原因', fee: '工本费', waived: '免收', reference: '业务参考号', lost: '挂失补卡（原卡已冻结）', stolen: '被盗补卡（原卡已冻结）', damaged: '损坏换卡', ready: '新卡已启用，请在签名条签名', kiosk: '自助终端', keep: '请妥善保管本凭条' },
  en: { title: 'Card replacement receipt', firstTitle: 'New card receipt', 'first-card': 'First debit card of a new account', card: 'New card', reason: 'Reason', fee: 'Fee', waived: 'waived', reference: 'Reference', lost: 'Lost card (old card blocked)', stolen: 'Stolen card (old card blocked)', damaged: 'Damaged card', ready: 'Your new card is active. Please sign its signature strip.', kiosk: 'Kiosk', keep: 'Please keep this receipt' },
} as const;


export function replacementReceipt(facts: ReplacementReceiptFacts, opts: { locale: ReceiptLocale; branchName: LocalisedText; kioskId: string; at: Date }): ReceiptDocument {
  const w = words[opts.locale];
  const other = opts.locale === 'zh-CN' ? 'en' : 'zh-CN';
  const colon = opts.locale === 'zh-CN' ? '：' : ': ';
  const line = (label: string, value: string) => ({ kind: 'text' as const, text: `${label}${colon}${value}` });
  return {
    blocks: [
      { kind: 'text', text: opts.branchName[opts.locale], align: 'center', bold: true },
      facts.reason === 'first-card' ? { kind: 'text', text: `${w.firstTitle} / ${words[other].firstTitle}`, align: 'center' } : { kind: 'text', text: `${w.title} / ${words[other].title}`, align: 'center' },
      { kind: 'rule' },
      line(w.card, facts.maskedPan),
      line(w.reason, w[facts.reason]),
      line(w.fee, facts.fee.minor === 0 ? w.waived : formatMoney(facts.fee, opts.locale)),
      { kind: 'rule' },
      { kind: 'text', text: w.ready, bold: true },
      line(w.reference, facts.reference),
      { kind: 'qr', data: facts.reference, size: 6, errorCorrection: 'M', align: 'center' },
      { kind: 'text', text: `${stamp(opts.at)}  ${w.kiosk} ${opts.kioskId}`, align: 'center' },
      { kind: 'text', text: w.keep, align: 'center' },
      { kind: 'feed', lines: 3 },
      { kind: 'cut' },
    ],
  };
}
