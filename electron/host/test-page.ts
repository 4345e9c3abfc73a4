// The technician's printer test page: both scripts, every text size, a QR code and a cut, so
// one glance shows whether encoding, sizes, QR and the cutter work.
import type { ReceiptDocument } from '../../drivers/escpos/index.js';

export function testPage(opts: { kioskId: string; role: string; at: Date }): ReceiptDocument {
  return {
    blocks: [
      { kind: 'text', text: 'PRINTER TEST / 打印测试', align: 'center', bold: true, size: 'double' },
      { kind: 'rule' },
      { kind: 'text', text: `Kiosk ${opts.kioskId} · role ${opts.role}` },
      { kind: 'text', text: opts.at.toISOString() },
      { kind: 'text', text: 'normal 普通 0123456789' },
      { kind: 'text', text: 'bold 粗体', bold: true },
      { kind: 'text', text: 'double height 倍高', size: 'double-height' },
      { kind: 'text', text: 'A1001', align: 'center', size: 'quad' },
      { kind: 'qr', data: `BKTEST:${opts.kioskId}:${opts.role}`, size: 6, align: 'center' },
      { kind: 'feed', lines: 3 },
      { kind: 'cut' },
    ],
  };
}
