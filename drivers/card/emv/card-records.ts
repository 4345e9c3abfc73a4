// The records a simulated card returns for READ RECORD, laid out like a typical UnionPay debit
// card: SFI 1 holds the track 2 equivalent and the name, SFI 2 the PAN, dates and risk data.
import { digitsToBcd } from './codec/card-data.js';
import { asciiBytes, hexToBytes } from './codec/hex.js';
import { encodeTlv, tlv } from './codec/tlv.js';
import type { EmvCardProfile } from './card-simulator.js';

const two = (n: number): string => String(n).padStart(2, '0');

export function renderRecords(p: EmvCardProfile): Map<string, Uint8Array> {
  const yymm = `${two(p.expiry.year % 100)}${two(p.expiry.month)}`;
  const lastDay = new Date(Date.UTC(p.expiry.year, p.expiry.month, 0)).getUTCDate();
  const service = p.serviceCode ?? '220';
  // Track 2 equivalent: PAN D YYMM SSS discretionary, BCD with an F pad (D is a nibble too).
  const t2 = `${p.pan}D${yymm}${service}0000012345`;
  const track2 = hexToBytes(t2.length % 2 ? `${t2}F` : t2);
  const sfi1 = [tlv('57', track2), ...(p.name ? [tlv('5F20', asciiBytes(p.name.padEnd(26, ' ').slice(0, 26)))] : [])];
  const sfi2a = [
    ...(p.panSource === 'track2-only' ? [] : [tlv('5A', digitsToBcd(p.pan))]),
    tlv('5F24', digitsToBcd(`${yymm}${two(lastDay)}`)),
    tlv('5F25', digitsToBcd('200101')),
    tlv('5F28', hexToBytes('0156')),
    tlv('5F30', digitsToBcd(`0${service}`)),
    tlv('5F34', Uint8Array.of(0x01)),
  ];
  const sfi2b = [tlv('8C', hexToBytes('9F02069F03069F1A0295055F2A029A039C019F3704')), tlv('8D', hexToBytes('8A029F3704'))];
  return new Map([
    ['1/1', encodeTlv([tlv('70', sfi1)])],
    ['2/1', encodeTlv([tlv('70', sfi2a)])],
    ['2/2', encodeTlv([tlv('70', sfi2b)])],
  ]);
}
