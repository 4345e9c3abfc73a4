// The data field of a positive answer to 'read-chip' (C30): what the dispenser's IC contact
// module read from the card's payment application at the read position, spelt in ASCII like
// the rest of the dialect:
//
//   LL (2 digits: length of the PAN, 12 to 19) | PAN | expiry YYMM (5F24) | PAN sequence number (5F34, 2 digits) | service code (5F30, 3 digits)
//
// Only the syntax is checked here. A PAN whose check digit fails or an expiry month 13 is the
// card's personalisation, not a line error: the driver refuses it as CHIP_UNREADABLE, whereas a
// decode error here makes the exchange ask for the answer again (the line may have garbled it).
// Error messages name the field, never its content: the field is cardholder data.
import { decodeError, type DispenserDecodeError } from './errors.js';

export interface ChipData {
  /** 12 to 19 digits. Full PAN: the driver turns it into a CardRead at once and drops this. */
  pan: string;
  /** YYMM */
  expiry: string;
  /** Two digits (5F34); tells a replacement card from the one it replaces when both share the PAN. */
  panSequence: string;
  /** Three digits (5F30). */
  serviceCode: string;
}

const FIXED_TAIL = 4 + 2 + 3;

/** A caller's mistake (a field of the wrong shape) is a RangeError, never a frame. */
export function encodeChipData(chip: ChipData): string {
  if (!/^\d{12,19}$/.test(chip.pan)) throw new RangeError('a chip PAN is 12 to 19 digits');
  if (!/^\d{4}$/.test(chip.expiry) || !/^\d{2}$/.test(chip.panSequence) || !/^\d{3}$/.test(chip.serviceCode)) throw new RangeError('chip expiry YYMM, PAN sequence 2 digits, service code 3 digits');
  return `${String(chip.pan.length).padStart(2, '0')}${chip.pan}${chip.expiry}${chip.panSequence}${chip.serviceCode}`;
}

export function decodeChipData(field: string): ChipData | DispenserDecodeError {
  if (!/^\d+$/.test(field)) return decodeError('BAD_PAYLOAD', 'chip data: not all digits');
  const length = Number(field.slice(0, 2));
  if (length < 12 || length > 19) return decodeError('BAD_PAYLOAD', 'chip data: PAN length out of range');
  if (field.length !== 2 + length + FIXED_TAIL) return decodeError('BAD_PAYLOAD', 'chip data: length does not match the PAN length');
  const at = 2 + length;
  return { pan: field.slice(2, at), expiry: field.slice(at, at + 4), panSequence: field.slice(at + 4, at + 6), serviceCode: field.slice(at + 6) };
}
