import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../codec/errors.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { encodeLength, encodeTlv, findAll, findTag, parseTlv, tlv, type Tlv } from './tlv.js';

// A Visa PPSE answer as cards send it (without SW): 6F { 84, A5 { BF0C { 61 { 4F, 50, 87 } } } }.
const PPSE = '6F2F840E325041592E5359532E4444463031A51DBF0C1A61184F07A0000000031010500A56495341204445424954870101';

function parsed(hex: string): Tlv[] {
  const r = parseTlv(hexToBytes(hex));
  if (isDecodeError(r)) throw new Error(`${r.code}: ${r.message}`);
  return r;
}

describe('BER-TLV', () => {
  it('parses nested templates with one- and two-byte tags', () => {
    const nodes = parsed(PPSE);
    expect(nodes.map((n) => n.tag)).toEqual(['6F']);
    expect(findTag(nodes, 'bf0c')?.children?.map((c) => c.tag)).toEqual(['61']);
    expect(bytesToHex(findTag(nodes, '4F')?.value ?? new Uint8Array())).toBe('A0000000031010');
    expect(findTag(nodes, '87')?.value).toEqual(Uint8Array.of(1));
    expect(findTag(nodes, '84')?.children).toBeUndefined();
  });

  it('reads long-form lengths and three-byte tags, and skips 00/FF padding', () => {
    const value = 'AB'.repeat(200);
    const nodes = parsed(`0000 70 81 CD 9F8101 81 C8 ${value} FF 5A 02 1234`);
    expect(nodes.map((n) => n.tag)).toEqual(['70', '5A']);
    expect(findTag(nodes, '9F8101')?.value.length).toBe(200);
    expect([...encodeLength(0x7f)]).toEqual([0x7f]);
    expect([...encodeLength(0x80)]).toEqual([0x81, 0x80]);
    expect([...encodeLength(0x1234)]).toEqual([0x82, 0x12, 0x34]);
    expect(parsed('5A820002ABCD')[0]?.value).toEqual(Uint8Array.of(0xab, 0xcd));
  });

  it('returns typed errors for broken input', () => {
    const code = (hex: string): string | undefined => {
      const r = parseTlv(hexToBytes(hex));
      return isDecodeError(r) ? r.code : undefined;
    };
    expect(code('5A05123456')).toBe('TLV_TRUNCATED');
    expect(code('5A')).toBe('TLV_TRUNCATED');
    expect(code('9F')).toBe('TLV_TRUNCATED');
    expect(code('5A80')).toBe('TLV_LENGTH');
    expect(code('5A85000000000001')).toBe('TLV_LENGTH');
    expect(code('5A82FF')).toBe('TLV_TRUNCATED');
    expect(code('1F8181818101')).toBe('TLV_TAG');
    expect(code('6F035A0512')).toBe('TLV_TRUNCATED');
    expect(code('70'.repeat(1) + '12' + '7010'.repeat(8) + '7000')).toBe('TLV_TRUNCATED');
    let deep = '5A00';
    for (let i = 0; i < 12; i++) deep = `70${(deep.length / 2).toString(16).padStart(2, '0')}${deep}`;
    expect(code(deep)).toBe('TLV_DEPTH');
  });

  it('finds every occurrence of a tag', () => {
    const tree = [tlv('70', [tlv('61', [tlv('4F', hexToBytes('A0000003330101'))]), tlv('61', [tlv('4F', hexToBytes('A0000000031010'))])])];
    expect(findAll(tree, '4F').map((n) => bytesToHex(n.value))).toEqual(['A0000003330101', 'A0000000031010']);
  });

  // Tags as EMV allows them: not starting with the 00/FF padding bytes, 1 to 3 bytes.
  const tagArb = (constructed: boolean): fc.Arbitrary<string> =>
    fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), fc.integer({ min: 0x81, max: 0xff }), fc.integer({ min: 0, max: 0x7f }))
      .map(([cls, low, multi, mid, last]) => {
        const first = (cls << 6) | (constructed ? 0x20 : 0) | (multi ? 0x1f : low);
        const bytes = multi ? [first, ...(last % 2 ? [mid] : []), last === 0 ? 1 : last] : [first];
        return bytesToHex(Uint8Array.from(bytes));
      })
      .filter((t) => !t.startsWith('00') && !t.startsWith('FF'));

  const treeArb = fc.letrec<{ node: Tlv }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(tagArb(false), fc.uint8Array({ maxLength: 300 })).map(([tag, v]) => tlv(tag, v)),
      fc.tuple(tagArb(true), fc.array(tie('node'), { maxLength: 4 })).map(([tag, kids]) => tlv(tag, kids)),
    ),
  })).node;

  it('round-trips any tree through encode and parse', () => {
    fc.assert(
      fc.property(fc.array(treeArb, { maxLength: 4 }), (nodes) => {
        const bytes = encodeTlv(nodes);
        const back = parseTlv(bytes);
        if (isDecodeError(back)) throw new Error(back.message);
        expect(back).toEqual(nodes);
        expect(encodeTlv(back)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes: a tree or a DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = parseTlv(bytes);
        expect(Array.isArray(r) || isDecodeError(r)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
