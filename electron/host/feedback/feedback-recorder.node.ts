// The customer's satisfaction answer becomes an outbox transaction (customer.feedback.given):
// it survives an offline hub and a killed host, and reaches the hub by sync like a ticket. The
// free text and a phone number left for a call-back are encrypted at rest (outbox
// sensitiveFields) and never logged; the log line says only that there were some.
import { randomUUID } from 'node:crypto';
import { FEEDBACK_TRANSACTION_TYPE, feedbackPayloadSchema, type FeedbackPayload } from '../../../protocol/customer-feedback.js';
import { BridgeError } from '../../bridge/contract.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import { SensitiveDataError } from '../outbox-guard.js';

export type FeedbackInput = Omit<FeedbackPayload, 'feedbackId' | 'givenAt'>;

export async function recordFeedback(outbox: Pick<Outbox, 'enqueue'>, log: HostLogger, input: FeedbackInput): Promise<{ feedbackId: string }> {
  const payload = feedbackPayloadSchema.parse({ ...input, feedbackId: randomUUID(), givenAt: new Date().toISOString() });
  const what = { feedbackId: payload.feedbackId, journey: payload.journey, score: payload.score, reason: payload.reason ?? null, withComment: payload.comment !== undefined, withPhone: payload.phone !== undefined };
  try {
    // Feedback is not business the kiosk could refuse offline or when full: it takes no admission.
    const { id } = await outbox.enqueue(FEEDBACK_TRANSACTION_TYPE, payload, { bypassAdmission: true });
    log.info({ ...what, outboxId: id }, 'customer feedback recorded');
  } catch (err) {
    if (err instanceof SensitiveDataError) throw new BridgeError('BAD_REQUEST', 'the text looks like it holds a card number; remove it');
    log.error({ ...what, err: (err as Error).message }, 'customer feedback could not be recorded');
    throw err;
  }
  return { feedbackId: payload.feedbackId };
}
