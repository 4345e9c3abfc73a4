// Encrypted fields are keyed by the outbox row type a payload is enqueued under: a key that no
// row ever has (a journey's name, say) encrypts nothing, silently.
import { describe, expect, it } from 'vitest';
import { BILL_PAYMENT_TYPE } from '../../protocol/bill-payment-item.js';
import { CALLBACK_TRANSACTION_TYPE } from '../../protocol/call-back.js';
import { FEEDBACK_TRANSACTION_TYPE } from '../../protocol/customer-feedback.js';
import { CARD_REPLACEMENT_TYPE } from './journeys/outbox-replacement-book.node.js';
import { ACCOUNT_OPENING_TYPE } from './outbox.node.js';
import { outboxConfigSchema } from './outbox-config.js';

describe('outbox config: encrypted fields', () => {
  it('names only row types the host enqueues, and covers each one that may carry personal data', () => {
    const enqueued = [ACCOUNT_OPENING_TYPE, BILL_PAYMENT_TYPE, CARD_REPLACEMENT_TYPE, CALLBACK_TRANSACTION_TYPE, FEEDBACK_TRANSACTION_TYPE];
    const { sensitiveFields } = outboxConfigSchema.parse({});
    expect(Object.keys(sensitiveFields).sort()).toEqual([...enqueued].sort());
    expect(sensitiveFields[ACCOUNT_OPENING_TYPE]).toEqual(expect.arrayContaining(['name', 'idNumber']));
    expect(sensitiveFields[CARD_REPLACEMENT_TYPE]).toEqual(expect.arrayContaining(['name', 'idNumber']));
  });
});
