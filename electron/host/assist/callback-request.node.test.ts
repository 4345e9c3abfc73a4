// A call-back request as the host stores it: encrypted number, readable reference, masked log.
import { describe, expect, it } from 'vitest';
import { encryptedOutboxWithLog } from '../encrypted-outbox.testing.js';
import { callbackPayloadSchema, maskPhone } from '../../../protocol/call-back.js';
import { luhnCheckDigit } from '../../../protocol/luhn.js';
import { callbackReference, recordCallbackRequest } from './callback-request.node.js';

const setUp = () => encryptedOutboxWithLog('bk-callback-');

describe('call-back requests', () => {
  it('stores the number encrypted at rest, sends it whole to the hub, and logs it masked', async () => {
    const { db, outbox, log, lines } = await setUp();
    const answer = await recordCallbackRequest(outbox, log, { phone: '13812345678', consent: true, topic: 'cards', locale: 'zh-CN' });
    expect(answer.maskedPhone).toBe('138****5678');
    expect(answer.reference).toMatch(/^CB-[2-9A-HJ-NP-Z]{6}$/);
    const [row] = await outbox.pending(10);
    expect(row?.type).toBe('assist.callback.requested');
    expect(callbackPayloadSchema.parse(row?.payload)).toMatchObject({ phone: '13812345678', reference: answer.reference, consent: true });
    const stored = await db.get<{ payload: string }>('SELECT payload FROM outbox WHERE id = ?', [row?.id ?? '']);
    expect(stored?.payload).not.toContain('13812345678');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.join('')).toContain('138****5678');
    expect(lines.join('')).not.toContain('13812345678');
    await db.close();
  });

  it('refuses, as a bad request the page can explain, a number the card-number guard cannot tell from a PAN', async () => {
    const { db, outbox, log } = await setUp();
    // A 15-digit E.164 number that is also a Luhn-valid Visa-like PAN: the outbox must not store it.
    const phone = `+41111111111111${luhnCheckDigit('41111111111111')}`;
    await expect(recordCallbackRequest(outbox, log, { phone, consent: true, topic: 'other', locale: 'en' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await outbox.pending(10)).toEqual([]);
    await db.close();
  });

  it('masks mainland and international numbers, and references avoid look-alike characters', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+447911123456')).toBe('+44******3456');
    for (let i = 0; i < 200; i++) expect(callbackReference()).not.toMatch(/[01IO]/);
  });
});
