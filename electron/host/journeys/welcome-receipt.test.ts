import { describe, expect, it } from 'vitest';
import { welcomeReceipt } from './welcome-receipt.js';

const branchName = { 'zh-CN': '示例银行 中山路支行', en: 'Example Bank, Zhongshan Rd Branch' };
const text = (doc: ReturnType<typeof welcomeReceipt>) => doc.blocks.map((b) => ('text' in b ? b.text : 'data' in b ? `[qr ${b.data}]` : `[${b.kind}]`)).join('\n');

describe('welcome receipt', () => {
  it('shows the masked account, the reference (text and QR) and the date, in the customer’s language first', () => {
    const at = new Date('2026-12-05T12:00:00Z');
    const en = text(welcomeReceipt({ maskedAccount: '6222****1234', reference: 'AO-20261205-0194C1A20000' }, { locale: 'en', branchName, kioskId: 'K01', at }));
    expect(en).toContain('Account opening receipt / 开户成功凭条');
    expect(en).toContain('Account: 6222****1234');
    expect(en).toContain('Reference: AO-20261205-0194C1A20000');
    expect(en).toContain('[qr AO-20261205-0194C1A20000]');
    expect(en).toMatch(/2026-12-05/);
    const zh = text(welcomeReceipt({ maskedAccount: '6222****1234', reference: 'AO-20261205-0194C1A20000' }, { locale: 'zh-CN', branchName, kioskId: 'K01', at }));
    expect(zh).toContain('账号：6222****1234');
    expect(zh.split('\n')[0]).toBe('示例银行 中山路支行');
  });
});
