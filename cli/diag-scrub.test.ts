import { describe, expect, it } from 'vitest';
import { scrubLogLine, scrubText } from './diag-scrub.js';

describe('diagnostics scrubbing', () => {
  it('removes card numbers (with separators), track data, ID numbers, MRZ lines, e-mail and phone numbers from free text', () => {
    const text = scrubText(
      'swipe 6225880137706884 / 4111-1111-1111-1111 / %B6225880137706884^TEST/CARD^3012201? ;6225880137706884=30122011? id 11010519491231002X mrz P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< mail a.b@example.com tel 13812345678',
    );
    for (const secret of ['6225880137706884', '4111-1111-1111-1111', '11010519491231002X', 'ERIKSSON', 'a.b@example.com', '13812345678']) expect(text).not.toContain(secret);
    expect(text).toContain('[card-number]');
    expect(text).toContain('[track]');
    expect(text).toContain('[mrz]');
  });

  it('keeps what a technician needs: masked PANs, times, ids, error codes, non-Luhn numbers', () => {
    const line = JSON.stringify({ time: '2026-11-23T15:00:00.000Z', level: 40, code: 'PAPER_OUT', pan: '622588******6884', ticketId: '0190a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b', bytes: 1234567890123, msg: 'print job interrupted' });
    const out = JSON.parse(scrubLogLine(line)) as Record<string, unknown>;
    expect(out).toMatchObject({ time: '2026-11-23T15:00:00.000Z', code: 'PAPER_OUT', ticketId: '0190a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b', bytes: 1234567890123, msg: 'print job interrupted' });
    expect(out.pan).toBe('[removed]');
  });

  it('removes secrets by key and by shape, at any depth', () => {
    const line = JSON.stringify({ req: { headers: { authorization: 'Bearer abc.def' }, url: 'https://user:hunter2@hub.example/v1' }, staffToken: 'x'.repeat(43), nested: { name: '张三', privateKeyPem: '-----BEGIN PRIVATE KEY-----\nMC4C\n-----END PRIVATE KEY-----' }, msg: 'auth Bearer abc.def' });
    const out = scrubLogLine(line);
    for (const secret of ['abc.def', 'hunter2', 'x'.repeat(43), '张三', 'MC4C']) expect(out).not.toContain(secret);
  });

  it('scrubs a torn, non-JSON last line as text', () => {
    expect(scrubLogLine('{"msg":"swipe 6225880137706884')).not.toContain('6225880137706884');
  });
});
