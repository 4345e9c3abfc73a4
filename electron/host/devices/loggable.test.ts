import { describe, expect, it } from 'vitest';
import { CardRead } from '../../../drivers/card/codec/card-read.js';
import { toLoggable } from './loggable.js';

const PAN = '6225880137706884';

describe('log objects leaving the device worker', () => {
  it('carry a card read only masked: no PAN, no cardholder name', () => {
    const card = new CardRead({ pan: PAN, source: 'chip', expiry: { year: 2030, month: 12 }, name: { surname: 'ZHANG', given: 'SAN' } });
    const out = toLoggable({ card, device: 'pcsc' });
    // structuredClone is what fork's 'advanced' serialization and postMessage do.
    const crossed = JSON.stringify(structuredClone(out));
    expect(crossed).not.toContain(PAN);
    expect(crossed).not.toContain('ZHANG');
    expect(out).toMatchObject({ device: 'pcsc', card: { maskedPan: '622588******6884' } });
  });

  it('keeps an error’s message and code', () => {
    const err = Object.assign(new Error('port gone'), { code: 'EIO' });
    expect(toLoggable({ err })).toEqual({ err: { message: 'port gone', code: 'EIO' } });
  });
});
