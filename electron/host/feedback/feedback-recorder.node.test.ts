// The satisfaction answer as the host stores it: one outbox row the hub can read, the comment
// encrypted at rest and never in the log, an answer the schema refuses never stored.
import { describe, expect, it } from 'vitest';
import { encryptedOutboxWithLog } from '../encrypted-outbox.testing.js';
import { FEEDBACK_TRANSACTION_TYPE, feedbackPayloadSchema } from '../../../protocol/customer-feedback.js';
import { recordFeedback } from './feedback-recorder.node.js';

const setUp = () => encryptedOutboxWithLog('bk-feedback-');

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('recording customer feedback', () => {
  it('stores one customer.feedback.given row with the comment encrypted at rest and kept out of the log', async () => {
    const { db, outbox, log, lines } = await setUp();
    const { feedbackId } = await recordFeedback(outbox, log, { score: 3, reason: 'waiting-time', comment: '排队太久 waited ages', journey: 'queue-ticket', service: 'cash', reference: 'A1023', locale: 'zh-CN' });
    const [row] = await outbox.pending(10);
    expect(row?.type).toBe(FEEDBACK_TRANSACTION_TYPE);
    expect(feedbackPayloadSchema.parse(row?.payload)).toMatchObject({ feedbackId, score: 3, reason: 'waiting-time', comment: '排队太久 waited ages', reference: 'A1023' });
    const stored = await db.get<{ payload: string }>('SELECT payload FROM outbox WHERE id = ?', [row?.id ?? '']);
    expect(stored?.payload).not.toContain('waited ages');
    await settle();
    const logged = lines.join('');
    expect(logged).toContain('customer feedback recorded');
    expect(logged).toContain('"withComment":true');
    expect(logged).not.toContain('waited ages');
    await db.close();
  });

  it('keeps a phone number left for a call-back encrypted at rest and out of the log', async () => {
    const { db, outbox, log, lines } = await setUp();
    await recordFeedback(outbox, log, { score: 2, phone: '13812345678', consent: true, journey: 'queue-ticket', service: 'cash', locale: 'zh-CN' });
    const [row] = await outbox.pending(10);
    expect(feedbackPayloadSchema.parse(row?.payload)).toMatchObject({ phone: '13812345678', consent: true });
    const stored = await db.get<{ payload: string }>('SELECT payload FROM outbox WHERE id = ?', [row?.id ?? '']);
    expect(stored?.payload).not.toContain('13812345678');
    await settle();
    expect(lines.join('')).toContain('"withPhone":true');
    expect(lines.join('')).not.toContain('13812345678');
    await db.close();
  });

  it('refuses an answer with a card number in the text and stores nothing', async () => {
    const { db, outbox, log, lines } = await setUp();
    await expect(recordFeedback(outbox, log, { score: 2, comment: 'card 6222020200112230', journey: 'queue-ticket', service: 'cash', locale: 'en' })).rejects.toThrow();
    expect(await outbox.pending(10)).toEqual([]);
    await settle();
    expect(lines.join('')).not.toContain('6222020200112230');
    await db.close();
  });
});
