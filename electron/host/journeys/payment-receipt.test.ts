// The payment receipt on paper (rendered through the real ESC/POS encoder and decoder) and the
// receipt port over the printer: amounts per language from minor units, the masked card only,
// the reference as text and QR, "pending" in both languages when stored for forwarding, and a
// printer that cannot print answering false instead of failing the payment.
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeReceipt, renderReceiptText, type PrintResult, type ReceiptDocument } from '../../../drivers/escpos/index.js';
import { decodeGb18030, encodeGb18030 } from '../../../drivers/escpos/text-encoding.node.js';
import { silentLogger } from '../log.node.js';
import { paymentReceipt, type PaymentReceiptFacts, type ReceiptLocale } from './payment-receipt.js';
import { printerReceiptPort } from './printer-receipt-port.node.js';

const facts: PaymentReceiptFacts = {
  billerName: { 'zh-CN': '上海城投水务 水费', en: 'Shanghai Water' },
  billReference: '20456789',
  total: { minor: 123_456_78, currency: 'CNY' },
  maskedPan: '622202*********0025',
  reference: 'BP-20261204-0001',
  pending: false,
};
const branchName = { 'zh-CN': '示例银行 中山路支行', en: 'Example Bank, Zhongshan Rd' };
const at = new Date(2026, 11, 4, 9, 5);

const printed = (doc: ReceiptDocument) => renderReceiptText(decodeAll(encodeReceipt(doc, { encodeText: encodeGb18030 })), decodeGb18030);
const render = (f: PaymentReceiptFacts, locale: ReceiptLocale) => printed(paymentReceipt(f, { locale, branchName, kioskId: 'K01', at }));

describe('payment receipt', () => {
  it('prints biller, bill account, masked card, the amount for the language, and the reference with its QR code', () => {
    const zh = render(facts, 'zh-CN');
    expect(zh).toContain('缴费凭条 / Bill payment receipt');
    expect(zh).toContain('收费单位：上海城投水务 水费');
    expect(zh).toContain('缴费户号：20456789');
    expect(zh).toContain('付款卡号：622202*********0025');
    expect(zh).toContain('¥123,456.78');
    expect(zh).toContain('缴费成功');
    expect(zh).toContain('交易参考号：BP-20261204-0001');
    expect(zh).toContain('[QR:BP-20261204-0001]');
    expect(zh).toContain('2026-12-04 09:05  自助终端 K01');
    const en = render(facts, 'en');
    expect(en).toContain('Amount paid: CN¥123,456.78');
    expect(en).toContain('Payment reference: BP-20261204-0001');
  });

  it('says pending in both languages when stored for forwarding, with no reference or QR yet', () => {
    const text = render({ ...facts, reference: null, pending: true }, 'en');
    expect(text).toContain('PENDING: stored on this kiosk');
    expect(text).toContain('待处理：已在本机保存');
    expect(text).not.toContain('[QR:');
    expect(text).not.toContain('Payment approved');
  });

  it('formats amounts of a zero-decimal currency without a fraction', () => {
    expect(render({ ...facts, total: { minor: 5000, currency: 'JPY' } }, 'en')).toContain('¥5,000');
  });
});

describe('receipt port over the printer', () => {
  const ok: PrintResult = { printed: true, jobId: 'j1', byteLength: 10, status: { online: true, paper: 'ok', coverOpen: false } as never };
  const receipt = { billerName: facts.billerName, reference: facts.reference, billReference: facts.billReference, total: facts.total, maskedPan: facts.maskedPan, pending: false };

  it('prints on the receipt printer in the session language and answers true', async () => {
    const docs: ReceiptDocument[] = [];
    const port = printerReceiptPort({ devices: { roleOf: () => 'receipt', print: async (_role, doc) => (docs.push(doc), ok) }, branchName, kioskId: 'K01', locale: () => 'en', log: silentLogger(), now: () => at });
    expect(await port.printPayment(receipt)).toBe(true);
    expect(printed(docs[0]!)).toContain('Bill payment receipt / 缴费凭条');
  });

  it('answers false without a printer, when the printer refuses, and when it fails', async () => {
    const base = { branchName, kioskId: 'K01', locale: () => 'zh-CN' as const, log: silentLogger() };
    expect(await printerReceiptPort({ ...base, devices: { roleOf: () => null, print: async () => ok } }).printPayment(receipt)).toBe(false);
    const refused = { printed: false, code: 'PAPER_OUT' } as unknown as PrintResult;
    expect(await printerReceiptPort({ ...base, devices: { roleOf: () => 'receipt', print: async () => refused } }).printPayment(receipt)).toBe(false);
    expect(await printerReceiptPort({ ...base, devices: { roleOf: () => 'receipt', print: async () => Promise.reject(new Error('NO_RESPONSE')) } }).printPayment(receipt)).toBe(false);
  });
});
