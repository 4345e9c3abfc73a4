import { describe, expect, it } from 'vitest';
import { encodeAamvaFile } from '../../id/codec/aamva.js';
import { classifyScan, crc16ccitt, isEmvcoQr } from './classify.js';

// The EMVCo merchant-presented QR example of the EMV QR Code Specification (CRC A13A).
const EMVCO = '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A';
const TICKET = 'BKT:0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f';
const LICENCE = encodeAamvaFile({ iin: '636000', aamvaVersion: 10, jurisdictionVersion: 0, subfiles: [{ type: 'DL', elements: [['DAQ', 'T1'], ['DCS', 'DOE']] }] });

describe('scan classification', () => {
  it('tells tickets, bills and licences apart', () => {
    expect(classifyScan(TICKET)).toEqual({ kind: 'ticket', ticketId: '0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f' });
    expect(classifyScan(` ${TICKET.toUpperCase()}\r`)).toEqual({ kind: 'ticket', ticketId: '0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f' });
    expect(classifyScan(EMVCO)).toEqual({ kind: 'bill', scheme: 'emvco' });
    expect(classifyScan('BCD\n002\n1\nSCT\nBPOTBEB1\nRed Cross\nBE72000000001616\nEUR1\n')).toEqual({ kind: 'bill', scheme: 'epc' });
    expect(classifyScan('SPC\n0200\n1\nCH4431999123000889012\n')).toEqual({ kind: 'bill', scheme: 'swiss-qr' });
    expect(classifyScan(LICENCE)).toEqual({ kind: 'drivers-licence' });
    expect(classifyScan('BKT:not-a-uuid')).toEqual({ kind: 'unknown' });
    expect(classifyScan('https://example.com/pay?id=1')).toEqual({ kind: 'unknown' });
  });

  it('checks the EMVCo CRC', () => {
    expect(crc16ccitt('123456789')).toBe('29B1');
    expect(isEmvcoQr(EMVCO.replace('A13A', 'A13B'))).toBe(false);
    expect(isEmvcoQr(EMVCO.replace('23.72', '23.73'))).toBe(false);
    expect(isEmvcoQr('000201')).toBe(false);
  });
});
