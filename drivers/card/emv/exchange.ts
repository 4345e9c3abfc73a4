// One command/response exchange with the status-word plumbing of ISO 7816-4 done: 61xx fetches
// the waiting bytes with GET RESPONSE (repeatedly, concatenating), 6Cxx resends the command
// with the Le the card asked for. Whatever status remains is the caller's to judge.
import { CardReadError, type CardSource } from '../../device-classes.js';
import { isDecodeError } from '../codec/errors.js';
import { getResponse, parseResponse, swAction, withLe, type ApduResponse } from './codec/apdu.js';
import { concatBytes } from './codec/hex.js';

/** Sends a command APDU, resolves with the response APDU (data + SW1 SW2). */
export type Transmit = (apdu: Uint8Array) => Promise<Uint8Array>;

/** Bounds the 61xx/6Cxx loop: a card that keeps asking is broken, not slow. */
const MAX_ROUNDS = 16;

export async function exchange(transmit: Transmit, apdu: Uint8Array, source: CardSource): Promise<ApduResponse> {
  const chunks: Uint8Array[] = [];
  let command = apdu;
  let resent = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const raw = await transmit(command);
    const r = parseResponse(raw);
    raw.fill(0);
    if (isDecodeError(r)) throw new CardReadError('READ_ERROR', r.message, source, r.code);
    const action = swAction(r);
    if (action.kind === 'get-response') {
      chunks.push(r.data);
      command = getResponse(action.le);
    } else if (action.kind === 'resend' && !resent) {
      // A second 6Cxx for the same command would loop; it falls through as an error status.
      resent = true;
      command = withLe(command, action.le);
    } else {
      if (chunks.length === 0) return r;
      const data = concatBytes([...chunks, r.data]);
      for (const c of chunks) c.fill(0);
      r.data.fill(0);
      return { ...r, data };
    }
  }
  throw new CardReadError('CARD_ERROR', `the card kept answering 61xx/6Cxx after ${MAX_ROUNDS} rounds`, source, 'SW_LOOP');
}
