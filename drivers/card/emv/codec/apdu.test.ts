import { describe, expect, it } from 'vitest';
import { CardRead } from '../../codec/card-read.js';
import { isDecodeError } from '../../codec/errors.js';
import { getProcessingOptions, getResponse, parseResponse, readRecord, selectByName, swAction, withLe } from './apdu.js';
import { cardReadFromObjects, digitsToBcd } from './card-data.js';
import { buildDolData, parseAfl, parseDirectoryRecord, parseDol, parseFci, parseGpoResponse, sortByPriority } from './emv-objects.js';
import { asciiBytes, bytesToHex, hexToBytes } from './hex.js';
import { encodeTlv, parseTlv, tlv, type Tlv } from './tlv.js';
import { encodeVpcdMessage, VpcdDecoder } from './vpcd-frame.js';

const ok = <T>(v: T): Exclude<T, { type: 'decode-error' }> => {
  if (isDecodeError(v)) throw new Error(`${v.code}: ${v.message}`);
  return v as Exclude<T, { type: 'decode-error' }>;
};

describe('EMV commands', () => {
  it('builds SELECT, GPO, READ RECORD and GET RESPONSE', () => {
    expect(bytesToHex(selectByName(asciiBytes('1PAY.SYS.DDF01')))).toBe('00A404000E315041592E5359532E444446303100');
    expect(bytesToHex(selectByName(hexToBytes('A000000333010101'), true))).toBe('00A4040208A00000033301010100');
    expect(bytesToHex(getProcessingOptions(new Uint8Array(0)))).toBe('80A80000028300' + '00');
    expect(bytesToHex(getProcessingOptions(hexToBytes('3600000000')))).toBe('80A80000078305360000000000');
    expect(bytesToHex(readRecord(2, 1))).toBe('00B2011400');
    expect(bytesToHex(readRecord(1, 3))).toBe('00B2030C00');
    expect(bytesToHex(getResponse(0x1c))).toBe('00C000001C');
    expect(bytesToHex(withLe(readRecord(1, 1), 0x2a))).toBe('00B2010C2A');
  });

  it('parses status words and says what to do next', () => {
    expect(ok(parseResponse(hexToBytes('AABB9000')))).toEqual({ data: hexToBytes('AABB'), sw1: 0x90, sw2: 0, sw: 0x9000 });
    expect(parseResponse(Uint8Array.of(0x90))).toMatchObject({ type: 'decode-error', code: 'APDU_RESPONSE' });
    const act = (hex: string): ReturnType<typeof swAction> => swAction(ok(parseResponse(hexToBytes(hex))));
    expect(act('9000')).toEqual({ kind: 'ok' });
    expect(act('611C')).toEqual({ kind: 'get-response', le: 0x1c });
    expect(act('6C2A')).toEqual({ kind: 'resend', le: 0x2a });
    expect(act('6A82')).toEqual({ kind: 'error', sw: 0x6a82 });
  });

  it('keeps response data when the raw buffer is wiped (a Buffer slice would be a view)', () => {
    const raw = Buffer.from('5A0812345678901234569000', 'hex');
    const r = ok(parseResponse(raw));
    raw.fill(0);
    expect(bytesToHex(r.data)).toBe('5A081234567890123456');
  });
});

describe('EMV objects', () => {
  it('reads a PPSE FCI and a PSE FCI with its directory SFI', () => {
    const ppse = ok(parseFci(hexToBytes('6F2F840E325041592E5359532E4444463031A51DBF0C1A61184F07A0000000031010500A56495341204445424954870101')));
    expect(ppse).toEqual({ dfName: '325041592E5359532E4444463031', apps: [{ aid: 'A0000000031010', label: 'VISA DEBIT', priority: 1 }] });
    const pse = ok(parseFci(hexToBytes('6F1A840E315041592E5359532E4444463031A5088801015F2D027A68')));
    expect(pse.sfi).toBe(1);
    expect(parseFci(hexToBytes('7000'))).toMatchObject({ code: 'FCI' });
  });

  it('reads directory records and orders applications by priority', () => {
    const rec = tlv('70', [tlv('61', [tlv('4F', hexToBytes('A0000003330101')), tlv('87', Uint8Array.of(2))]), tlv('61', [tlv('4F', hexToBytes('A000000333010101')), tlv('50', asciiBytes('PBOC DEBIT')), tlv('87', Uint8Array.of(0x81))])]);
    const apps = ok(parseDirectoryRecord(encodeTlv([rec])));
    expect(sortByPriority(apps).map((a) => [a.aid, a.priority])).toEqual([['A000000333010101', 1], ['A0000003330101', 2]]);
    expect(sortByPriority([{ aid: 'A1' }, { aid: 'B2', priority: 3 }, { aid: 'C3' }]).map((a) => a.aid)).toEqual(['B2', 'A1', 'C3']);
  });

  it('reads an AFL and both GPO answer formats', () => {
    expect(ok(parseAfl(hexToBytes('0801010010010201')))).toEqual([{ sfi: 1, first: 1, last: 1, offlineAuth: 0 }, { sfi: 2, first: 1, last: 2, offlineAuth: 1 }]);
    expect(parseAfl(hexToBytes('080101'))).toMatchObject({ code: 'AFL' });
    expect(parseAfl(hexToBytes('08020100'))).toMatchObject({ code: 'AFL', offset: 0 });
    expect(parseAfl(hexToBytes('00010100'))).toMatchObject({ code: 'AFL' });
    const f1 = ok(parseGpoResponse(hexToBytes('800A19800801010010010201')));
    expect([bytesToHex(f1.aip), f1.afl.length]).toEqual(['1980', 2]);
    const f2 = ok(parseGpoResponse(hexToBytes('770E820219809408080101001001020157021234')));
    expect([bytesToHex(f2.aip), f2.afl.length]).toEqual(['1980', 2]);
    expect(parseGpoResponse(hexToBytes('9000'))).toMatchObject({ code: 'AFL' });
  });

  it('reads a PDOL and fills it with known values or zeros of the right length', () => {
    const dol = ok(parseDol(hexToBytes('9F66049F02069F37045F2A029A03')));
    expect(dol).toEqual([{ tag: '9F66', length: 4 }, { tag: '9F02', length: 6 }, { tag: '9F37', length: 4 }, { tag: '5F2A', length: 2 }, { tag: '9A', length: 3 }]);
    const data = buildDolData(dol, { '9F66': hexToBytes('36000000'), '5F2A': hexToBytes('0156'), '9F37': hexToBytes('01') });
    expect(bytesToHex(data)).toBe('36000000' + '000000000000' + '00000000' + '0156' + '000000');
    expect(parseDol(hexToBytes('9F66'))).toMatchObject({ code: 'DOL' });
  });
});

describe('card data from records', () => {
  // As records arrive: one 70 template per record, parsed from bytes.
  const objects = (...nodes: Tlv[]): Tlv[] => ok(parseTlv(encodeTlv([tlv('70', nodes)])));

  it('takes PAN, expiry, name and service code', () => {
    const card = cardReadFromObjects(objects(tlv('5A', digitsToBcd('6212345678901265')), tlv('5F24', digitsToBcd('301231')), tlv('5F20', asciiBytes('ZHANG/SAN                 ')), tlv('5F30', digitsToBcd('0220'))), 'chip');
    expect(card).toBeInstanceOf(CardRead);
    const c = card as CardRead;
    expect([c.pan, c.expiry, c.name, c.serviceCode, c.source]).toEqual(['6212345678901265', { year: 2030, month: 12 }, { surname: 'ZHANG', given: 'SAN' }, '220', 'chip']);
  });

  it('falls back to the track 2 equivalent, and checks it against 5A', () => {
    const t2 = tlv('57', hexToBytes('6200000000000005D30082200000012345'));
    const c = cardReadFromObjects(objects(t2), 'contactless') as CardRead;
    expect([c.pan, c.expiry, c.serviceCode]).toEqual(['6200000000000005', { year: 2030, month: 8 }, '220']);
    expect(cardReadFromObjects(objects(t2, tlv('5A', digitsToBcd('4111111111111111'))), 'chip')).toMatchObject({ code: 'TRACK_MISMATCH' });
    expect(cardReadFromObjects(objects(tlv('5F24', digitsToBcd('301231'))), 'chip')).toMatchObject({ code: 'NO_PAN' });
    expect(cardReadFromObjects(objects(tlv('5A', digitsToBcd('6212345678901266')), tlv('5F24', digitsToBcd('301231'))), 'chip')).toMatchObject({ code: 'PAN_LUHN' });
    expect(cardReadFromObjects(objects(tlv('5A', hexToBytes('62123456789A1265')), tlv('5F24', digitsToBcd('301231'))), 'chip')).toMatchObject({ code: 'BCD' });
    expect(cardReadFromObjects(objects(tlv('5A', digitsToBcd('6212345678901265')), tlv('5F24', digitsToBcd('301331'))), 'chip')).toMatchObject({ code: 'EXPIRY' });
  });
});

describe('vpcd framing', () => {
  it('splits messages whatever the chunking, and tells control codes from APDUs', () => {
    const stream = Uint8Array.from([...encodeVpcdMessage(Uint8Array.of(1)), ...encodeVpcdMessage(Uint8Array.of(4)), ...encodeVpcdMessage(hexToBytes('00A404000E315041592E5359532E444446303100')), ...encodeVpcdMessage(Uint8Array.of(0)), ...encodeVpcdMessage(Uint8Array.of(9)), 0, 0]);
    for (const size of [1, 3, stream.length]) {
      const d = new VpcdDecoder();
      const out = [];
      for (let i = 0; i < stream.length; i += size) out.push(...d.push(stream.subarray(i, i + size)));
      expect(out.map((m) => ('type' in m && m.type !== 'decode-error' ? m.type : `!${(m as { code: string }).code}`))).toEqual(['power-on', 'get-atr', 'apdu', 'power-off', 'unknown-control', '!VPCD_FRAME']);
      expect(d.pendingBytes).toBe(0);
    }
    expect([...encodeVpcdMessage(hexToBytes('3B60'))]).toEqual([0, 2, 0x3b, 0x60]);
  });
});
