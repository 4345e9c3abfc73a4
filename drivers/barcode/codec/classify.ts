// What a scanned code is, for routing: our queue ticket (BKT:<uuid>), a bill to pay, a
// driver's licence, or something else. Pure and cheap; it looks at structure, not content,
// and returns no personal data.

export type ScanClass =
  | { kind: 'ticket'; ticketId: string }
  /** emvco: EMV merchant-presented QR (UnionPay and most national schemes); epc: SEPA credit transfer (EPC069-12); swiss-qr: QR-bill. */
  | { kind: 'bill'; scheme: 'emvco' | 'epc' | 'swiss-qr' }
  | { kind: 'drivers-licence' }
  | { kind: 'unknown' };

const TICKET = /^BKT:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function classifyScan(data: string): ScanClass {
  if (data.startsWith('@\n\x1e\r')) return { kind: 'drivers-licence' };
  const text = data.trim();
  const ticket = TICKET.exec(text);
  if (ticket?.[1]) return { kind: 'ticket', ticketId: ticket[1].toLowerCase() };
  if (isEmvcoQr(text)) return { kind: 'bill', scheme: 'emvco' };
  const lines = text.split(/\r?\n/);
  if (lines[0] === 'BCD' && (lines[1] === '001' || lines[1] === '002') && lines[3] === 'SCT') return { kind: 'bill', scheme: 'epc' };
  if (lines[0] === 'SPC' && lines[1] === '0200') return { kind: 'bill', scheme: 'swiss-qr' };
  return { kind: 'unknown' };
}

/** EMVCo QR: TLV fields (2-digit tag, 2-digit length) from '000201' to a valid tag 63 CRC. */
export function isEmvcoQr(text: string): boolean {
  if (!text.startsWith('000201')) return false;
  let at = 0;
  while (at + 4 <= text.length) {
    const tag = text.slice(at, at + 2);
    const len = Number(text.slice(at + 2, at + 4));
    if (!/^\d{4}$/.test(text.slice(at, at + 4)) || at + 4 + len > text.length) return false;
    if (tag === '63') return len === 4 && at + 8 === text.length && crc16ccitt(text.slice(0, at + 4)) === text.slice(at + 4).toUpperCase();
    at += 4 + len;
  }
  return false;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as 4 upper-case hex digits, over UTF-8 bytes. */
export function crc16ccitt(s: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(s)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
