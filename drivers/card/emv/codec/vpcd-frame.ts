// The vpcd socket protocol (vsmartcard's virtual reader driver for pcscd, as its vpcd.c and the
// Python vicc implement it): every message both ways is a 2-byte big-endian length and a
// payload. From vpcd, a 1-byte payload is a control code — 0 power off, 1 power on, 2 reset,
// 4 get ATR — and anything longer is a command APDU. The card answers "get ATR" with the ATR
// and an APDU with its response; power and reset get no answer.
import { decodeError, type CardDecodeError } from '../../codec/errors.js';

export type VpcdMessage =
  | { type: 'power-off' }
  | { type: 'power-on' }
  | { type: 'reset' }
  | { type: 'get-atr' }
  | { type: 'unknown-control'; code: number }
  | { type: 'apdu'; apdu: Uint8Array };

const CONTROL: Record<number, VpcdMessage> = { 0: { type: 'power-off' }, 1: { type: 'power-on' }, 2: { type: 'reset' }, 4: { type: 'get-atr' } };

export function encodeVpcdMessage(payload: Uint8Array): Uint8Array {
  if (payload.length > 0xffff) throw new RangeError('a vpcd message carries at most 65535 bytes');
  const out = new Uint8Array(payload.length + 2);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}

/** Splits the byte stream from vpcd into messages, whatever the TCP chunking. */
export class VpcdDecoder {
  private buf = new Uint8Array(0);

  push(chunk: Uint8Array): (VpcdMessage | CardDecodeError)[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf, 0);
    joined.set(chunk, this.buf.length);
    const out: (VpcdMessage | CardDecodeError)[] = [];
    let at = 0;
    while (joined.length - at >= 2) {
      const length = ((joined[at] ?? 0) << 8) | (joined[at + 1] ?? 0);
      if (length === 0) {
        out.push(decodeError('VPCD_FRAME', 'a message without payload', at));
        at += 2;
        continue;
      }
      if (joined.length - at - 2 < length) break;
      const payload = joined.slice(at + 2, at + 2 + length);
      at += 2 + length;
      if (length === 1) out.push(CONTROL[payload[0] ?? 0] ?? { type: 'unknown-control', code: payload[0] ?? 0 });
      else out.push({ type: 'apdu', apdu: payload });
    }
    this.buf = joined.slice(at);
    return out;
  }

  get pendingBytes(): number {
    return this.buf.length;
  }
}
