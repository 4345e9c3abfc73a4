// "Call me back" when no expert can answer: the customer's number becomes an outbox transaction
// (the phone field is encrypted at rest by the outbox's sensitive-field rule) that reaches the
// hub by sync like any other, so it survives an offline hub and a killed host. The log and the
// page only ever see the number masked.
import { randomInt } from 'node:crypto';
import { CALLBACK_TRANSACTION_TYPE, maskPhone, type CallbackPayload } from '../../../protocol/call-back.js';
import { BridgeError } from '../../bridge/contract.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import { SensitiveDataError } from '../outbox-guard.js';

// No 0/O or 1/I: the customer may read the reference out on the phone.
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function callbackReference(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `CB-${code}`;
}

export async function recordCallbackRequest(
  outbox: Pick<Outbox, 'enqueue'>,
  log: HostLogger,
  request: Omit<CallbackPayload, 'reference' | 'requestedAt'>,
): Promise<{ reference: string; maskedPhone: string }> {
  const payload: CallbackPayload = { ...request, reference: callbackReference(), requestedAt: new Date().toISOString() };
  const maskedPhone = maskPhone(request.phone);
  try {
    const { id } = await outbox.enqueue(CALLBACK_TRANSACTION_TYPE, payload);
    log.info({ reference: payload.reference, outboxId: id, phone: maskedPhone }, 'assist: call-back requested');
  } catch (err) {
    // A long international number can pass the card-number test by chance; say so plainly.
    if (err instanceof SensitiveDataError) throw new BridgeError('BAD_REQUEST', 'this number cannot be stored; please check it or ask at the counter');
    throw err;
  }
  return { reference: payload.reference, maskedPhone };
}
