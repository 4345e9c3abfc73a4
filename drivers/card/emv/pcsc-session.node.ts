// One card session on a PC/SC reader: connect, run the EMV flow over transmit, disconnect.
// Callbacks of the binding become promises; every APDU has a deadline because a reader or
// pcscd that stops answering must not leave the kiosk waiting forever.
import { CardReadError, type CardSource } from '../../device-classes.js';
import type { DriverLogger } from '../../shared/logger.js';
import { isContactlessAtr } from './codec/atr.js';
import type { AppEntry } from './codec/emv-objects.js';
import { readEmvCard, type EmvReadResult } from './flow.js';
import type { PcscReaderLike } from './pcsc-types.js';

export interface SessionOptions {
  interface: 'contact' | 'contactless' | 'auto';
  candidates?: readonly AppEntry[];
  apduTimeoutMs: number;
  log: DriverLogger;
  device: string;
}

/** Room for 256 data bytes and SW1 SW2 (short APDUs; GET RESPONSE fetches the rest). */
const RESPONSE_BYTES = 258;

export function sourceFor(iface: SessionOptions['interface'], atr: Uint8Array | undefined): CardSource {
  if (iface === 'auto') return isContactlessAtr(atr) ? 'contactless' : 'chip';
  return iface === 'contact' ? 'chip' : 'contactless';
}

function withDeadline<T>(ms: number, source: CardSource, what: string, run: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CardReadError('TIMEOUT', `${what} took longer than ${ms} ms`, source)), ms);
    run(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

const ioError = (source: CardSource, what: string, err: unknown): CardReadError =>
  new CardReadError('IO', `${what} failed: ${err instanceof Error ? err.message : String(err)}`, source, undefined, { cause: err });

export async function readCardSession(reader: PcscReaderLike, atr: Uint8Array | undefined, opts: SessionOptions): Promise<EmvReadResult> {
  const source = sourceFor(opts.interface, atr);
  const protocol = await withDeadline<number>(opts.apduTimeoutMs, source, 'connect', (resolve, reject) =>
    reader.connect({ share_mode: reader.SCARD_SHARE_SHARED, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 }, (err, p) => (err ? reject(ioError(source, 'connect', err)) : resolve(p))),
  );
  const transmit = (apdu: Uint8Array): Promise<Uint8Array> =>
    withDeadline<Uint8Array>(opts.apduTimeoutMs, source, 'an APDU', (resolve, reject) =>
      reader.transmit(Buffer.from(apdu), RESPONSE_BYTES, protocol, (err, response) => (err ? reject(ioError(source, 'transmit', err)) : resolve(response))),
    );
  try {
    return await readEmvCard(transmit, { interface: source === 'chip' ? 'contact' : 'contactless', candidates: opts.candidates, log: opts.log, device: opts.device });
  } finally {
    // Unpowering ends the card's session state; a failure here (card already gone) is moot.
    await withDeadline<void>(opts.apduTimeoutMs, source, 'disconnect', (resolve) => reader.disconnect(reader.SCARD_UNPOWER_CARD, () => resolve())).catch(() => undefined);
  }
}
