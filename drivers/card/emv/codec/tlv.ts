// BER-TLV as EMV uses it (EMV Book 3 Annex B): tags of one or more bytes (low five bits 11111
// in the first byte announce more; bit 8 of each following byte says another follows), lengths
// in short form (< 0x80) or long form (0x81..0x84 then 1..4 length bytes), constructed objects
// (bit 6 of the first tag byte) holding further TLVs, and 00/FF padding between objects.
import { decodeError, type CardDecodeError } from '../../codec/errors.js';
import { bytesToHex, concatBytes, hexToBytes } from './hex.js';

export interface Tlv {
  /** Tag as uppercase hex, e.g. '5F24'. */
  tag: string;
  /** The value bytes (for a constructed object: its encoded children). */
  value: Uint8Array;
  /** Present exactly when the tag is constructed. */
  children?: Tlv[];
}

const MAX_DEPTH = 8;
const MAX_TAG_BYTES = 4;

export const isConstructedTag = (tag: string): boolean => (parseInt(tag.slice(0, 2), 16) & 0x20) !== 0;

export function parseTlv(bytes: Uint8Array): Tlv[] | CardDecodeError {
  return parseLevel(bytes, 0, 0);
}

function parseLevel(bytes: Uint8Array, base: number, depth: number): Tlv[] | CardDecodeError {
  if (depth > MAX_DEPTH) return decodeError('TLV_DEPTH', `constructed objects nested deeper than ${MAX_DEPTH}`, base);
  const out: Tlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i] ?? 0;
    if (first === 0x00 || first === 0xff) {
      i += 1;
      continue;
    }
    const tagStart = i;
    i += 1;
    if ((first & 0x1f) === 0x1f) {
      for (;;) {
        const b = bytes[i];
        if (b === undefined) return decodeError('TLV_TRUNCATED', 'the input ends inside a tag', base + tagStart);
        i += 1;
        if (i - tagStart > MAX_TAG_BYTES) return decodeError('TLV_TAG', `a tag longer than ${MAX_TAG_BYTES} bytes`, base + tagStart);
        if ((b & 0x80) === 0) break;
      }
    }
    const tagBytes = bytes.subarray(tagStart, i);
    const lenByte = bytes[i];
    if (lenByte === undefined) return decodeError('TLV_TRUNCATED', 'the input ends before a length', base + i);
    i += 1;
    let length = lenByte;
    if (lenByte >= 0x80) {
      const n = lenByte & 0x7f;
      if (n === 0 || n > 4) return decodeError('TLV_LENGTH', `length byte 0x${lenByte.toString(16)} is not a definite length of 1 to 4 bytes`, base + i - 1);
      if (i + n > bytes.length) return decodeError('TLV_TRUNCATED', 'the input ends inside a length', base + i);
      length = 0;
      for (let k = 0; k < n; k++) length = length * 256 + (bytes[i + k] ?? 0);
      i += n;
    }
    if (i + length > bytes.length) return decodeError('TLV_TRUNCATED', `a value of ${length} bytes runs past the end of the input`, base + i);
    // A copy, never a view (Buffer.slice is one), so wiping the input leaves the tree intact.
    const value = Uint8Array.from(bytes.subarray(i, i + length));
    const node: Tlv = { tag: bytesToHex(tagBytes), value };
    if ((first & 0x20) !== 0) {
      const children = parseLevel(value, base + i, depth + 1);
      if (!Array.isArray(children)) return children;
      node.children = children;
    }
    out.push(node);
    i += length;
  }
  return out;
}

export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes objects; a constructed one is encoded from its children when it has them. */
export function encodeTlv(nodes: readonly Tlv[]): Uint8Array {
  return concatBytes(
    nodes.map((n) => {
      const value = n.children ? encodeTlv(n.children) : n.value;
      return concatBytes([hexToBytes(n.tag), encodeLength(value.length), value]);
    }),
  );
}

/** Builds a primitive object from bytes, or a constructed one from children. */
export function tlv(tag: string, content: Uint8Array | Tlv[]): Tlv {
  if (content instanceof Uint8Array) return { tag: tag.toUpperCase(), value: content };
  return { tag: tag.toUpperCase(), value: encodeTlv(content), children: content };
}

/** First object with this tag, searching depth first through constructed objects. */
export function findTag(nodes: readonly Tlv[], tag: string): Tlv | undefined {
  const want = tag.toUpperCase();
  for (const n of nodes) {
    if (n.tag === want) return n;
    const inner = n.children ? findTag(n.children, want) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** Every object with this tag, depth first. */
export function findAll(nodes: readonly Tlv[], tag: string): Tlv[] {
  const want = tag.toUpperCase();
  return nodes.flatMap((n) => [...(n.tag === want ? [n] : []), ...(n.children ? findAll(n.children, want) : [])]);
}

/** Zeroes the value bytes of a tree (it may hold a PAN or track 2 equivalent). */
export function wipeTlv(nodes: readonly Tlv[]): void {
  for (const n of nodes) {
    n.value.fill(0);
    if (n.children) wipeTlv(n.children);
  }
}
