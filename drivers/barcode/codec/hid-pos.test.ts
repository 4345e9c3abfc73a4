import { describe, expect, it } from 'vitest';
import { encodeHidPosReports, HidPosAssembler } from './hid-pos.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const EMVCO = '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A';

describe('HID POS reports', () => {
  it('assembles a scan spread over several 64-byte reports, AIM id included', () => {
    const data = utf8(EMVCO);
    const reports = encodeHidPosReports(data, ']Q1');
    expect(reports.length).toBeGreaterThan(4);
    expect([reports[0]?.[0], reports[0]?.[1], reports[0]?.[63], reports.at(-1)?.[63]]).toEqual([0x02, 58, 1, 0]);
    const a = new HidPosAssembler();
    const items = reports.map((r) => a.push(r));
    expect(items.slice(0, -1).every((i) => i === null)).toBe(true);
    const last = items.at(-1);
    expect(last?.type === 'scan' && [last.aim, text(last.bytes)]).toEqual([']Q1', EMVCO]);
  });

  it('ignores other report IDs and rejects an impossible length', () => {
    const a = new HidPosAssembler();
    expect(a.push(Uint8Array.of(0x04, 1, 2, 3))).toBeNull();
    const bad = new Uint8Array(64);
    bad.set([0x02, 200]);
    expect(a.push(bad)).toMatchObject({ type: 'error', error: { code: 'LENGTH' } });
    const [plain] = encodeHidPosReports(utf8('12345'));
    const item = plain ? a.push(plain) : null;
    expect(item?.type === 'scan' && [item.aim, text(item.bytes)]).toEqual([undefined, '12345']);
  });
});
