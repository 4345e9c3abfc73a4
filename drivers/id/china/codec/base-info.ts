// The answer to "read base info" (30 01): text length (2, big-endian, 256), photo length
// (2, big-endian, 1024), the text block, the photo block. The text block is UCS-2LE in fixed
// widths (characters): name 15, sex 1, nation 2, birth 8, address 35, ID number 18, issuing
// authority 15, valid from 8, valid to 8 ('长期' for no expiry), reserved 18. Character 124
// marks newer card kinds ('I' foreigner's permanent residence card, 'J' residence permit for
// Hong Kong, Macao and Taiwan residents), whose layouts differ: they are refused, not guessed.
// The photo is WLT-compressed; decoding it needs the licensed vendor library, so it passes
// through as bytes.
import type { IdDocument } from '../../../device-classes.js';
import { parseDate8 } from '../../codec/dates.js';
import { createIdDocument } from '../../codec/document.js';
import { failure, success, type Decoded } from '../../codec/errors.js';
import { checkIdNumber, latestToday, type IdNumberErrorCode } from './id-number.js';
import { nationName } from './nations.js';

export type BaseInfoErrorCode = IdNumberErrorCode | 'LENGTH' | 'TEXT_LENGTH' | 'UNSUPPORTED_CARD' | 'NAME' | 'SEX' | 'NATION' | 'BIRTH_DATE' | 'BIRTH_IN_FUTURE' | 'BIRTH_MISMATCH' | 'SEX_MISMATCH' | 'VALIDITY';

export interface BaseInfoOptions {
  /** The clock that a birth date must not lie after (default: now). */
  now?: Date;
}

export interface CnIdText {
  name: string;
  /** GB/T 2261.1: 1 male, 2 female, 0 unknown, 9 unstated. */
  sex: string;
  /** GB/T 3304 two-digit code. */
  nation: string;
  birth: string;
  address: string;
  idNumber: string;
  authority: string;
  validFrom: string;
  validTo: string;
  /** ' ' for a resident ID card. */
  cardType: string;
}

const FIELDS = [['name', 15], ['sex', 1], ['nation', 2], ['birth', 8], ['address', 35], ['idNumber', 18], ['authority', 15], ['validFrom', 8], ['validTo', 8]] as const;
export const TEXT_BYTES = 256;
export const PHOTO_BYTES = 1024;
const CARD_TYPE_CHAR = 124;
const LONG_TERM = '长期';

const be16 = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

export function decodeText(block: Uint8Array): CnIdText {
  const chars: string[] = [];
  for (let i = 0; i + 1 < block.length; i += 2) chars.push(String.fromCharCode((block[i] ?? 0) | ((block[i + 1] ?? 0) << 8)));
  const text: Record<string, string> = {};
  let at = 0;
  for (const [name, width] of FIELDS) {
    text[name] = chars.slice(at, at + width).join('').replace(/[\s\0]+$/, '');
    at += width;
  }
  return { ...(text as Omit<CnIdText, 'cardType'>), cardType: chars[CARD_TYPE_CHAR] ?? ' ' };
}

export function encodeText(t: CnIdText): Uint8Array {
  const chars: string[] = [];
  for (const [name, width] of FIELDS) {
    const value = [...t[name]].slice(0, width);
    chars.push(...value, ...Array<string>(width - value.length).fill(' '));
  }
  while (chars.length < TEXT_BYTES / 2) chars.push(' ');
  chars[CARD_TYPE_CHAR] = t.cardType || ' ';
  const out = new Uint8Array(TEXT_BYTES);
  chars.forEach((c, i) => {
    const code = c.charCodeAt(0);
    out[2 * i] = code & 0xff;
    out[2 * i + 1] = code >> 8;
  });
  return out;
}

/** The read-base-info response data for a card (simulator, tests). */
export function encodeBaseInfo(t: CnIdText, photo: Uint8Array = new Uint8Array(PHOTO_BYTES)): Uint8Array {
  const out = new Uint8Array(4 + TEXT_BYTES + photo.length);
  out.set([TEXT_BYTES >> 8, TEXT_BYTES & 0xff, photo.length >> 8, photo.length & 0xff], 0);
  out.set(encodeText(t), 4);
  out.set(photo, 4 + TEXT_BYTES);
  return out;
}

type Result<T> = Decoded<T, BaseInfoErrorCode>;

export function decodeBaseInfo(data: Uint8Array, opts: BaseInfoOptions = {}): Result<IdDocument> {
  if (data.length < 4) return failure('LENGTH', 'baseInfo', 'base info is shorter than its two length fields');
  const textLength = be16(data, 0);
  const photoLength = be16(data, 2);
  if (4 + textLength + photoLength !== data.length) return failure('LENGTH', 'baseInfo', `base info holds ${data.length} bytes, its lengths say ${4 + textLength + photoLength}`);
  if (textLength !== TEXT_BYTES) return failure('TEXT_LENGTH', 'text', `text block is ${textLength} bytes, not ${TEXT_BYTES}`);
  const text = decodeText(data.subarray(4, 4 + textLength));
  const checked = checkText(text, opts.now ?? new Date());
  if (!checked.ok) return checked;
  const photo = data.slice(4 + textLength);
  return success(createIdDocument({ ...checked.value, ...(photo.length > 0 ? { photo } : {}) }));
}

function checkText(t: CnIdText, now: Date): Result<Parameters<typeof createIdDocument>[0]> {
  if (t.cardType !== ' ' && t.cardType !== '\0') return failure('UNSUPPORTED_CARD', 'cardType', 'not a resident ID card (a permanent residence card or residence permit)');
  if (!t.name) return failure('NAME', 'name', 'the name is empty');
  const sex = ({ '1': 'M', '2': 'F', '0': 'X', '9': 'X' } as const)[t.sex as '1' | '2' | '0' | '9'];
  if (!sex) return failure('SEX', 'sex', 'sex code is not 0, 1, 2 or 9');
  const nation = nationName(t.nation);
  if (!nation) return failure('NATION', 'nation', 'nation code is not in GB/T 3304');
  const birthDate = parseDate8(t.birth, 'YMD');
  if (!birthDate) return failure('BIRTH_DATE', 'birthDate', 'birth date is not a real YYYYMMDD date');
  if (birthDate > latestToday(now)) return failure('BIRTH_IN_FUTURE', 'birthDate', 'birth date lies in the future');
  const id = checkIdNumber(t.idNumber, { now });
  if (!id.ok) return failure(id.code, 'idNumber', id.message);
  if (id.value.birthDate !== birthDate) return failure('BIRTH_MISMATCH', 'idNumber', 'the birth date inside the ID number differs from the birth field');
  if (sex !== 'X' && id.value.sex !== sex) return failure('SEX_MISMATCH', 'idNumber', 'the ID number sequence parity differs from the sex field');
  const issueDate = parseDate8(t.validFrom, 'YMD');
  if (!issueDate) return failure('VALIDITY', 'validFrom', 'validity start is not a real date');
  const longTerm = t.validTo === LONG_TERM;
  const expiryDate = longTerm ? null : parseDate8(t.validTo, 'YMD');
  if (!longTerm && !expiryDate) return failure('VALIDITY', 'validTo', 'validity end is neither a real date nor 长期');
  return success({
    kind: 'cn-resident-id' as const,
    documentNumber: t.idNumber,
    // The card stores the name as one string; splitting family from given name would be a guess (欧阳, 司马…).
    surname: t.name,
    givenNames: '',
    sex,
    birthDate,
    expiryDate,
    nationality: 'CHN',
    issuer: t.authority,
    issueDate,
    address: t.address,
    nation,
  });
}
