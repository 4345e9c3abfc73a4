// An in-memory stand-in for @pokusew/pcsclite: readers that attach and detach, cards (the APDU
// simulator) that go in and out, same events and callbacks as the binding. For unit tests and
// the dev panel; the real stack (pcscd + vpcd) is exercised by the integration test.
import { EventEmitter } from 'node:events';
import type { EmvCardSimulator } from './card-simulator.js';
import { SCARD, type PcscLike, type PcscReaderLike } from './pcsc-types.js';

export class FakePcscReader extends EventEmitter implements PcscReaderLike {
  readonly SCARD_STATE_EMPTY = SCARD.STATE_EMPTY;
  readonly SCARD_STATE_PRESENT = SCARD.STATE_PRESENT;
  readonly SCARD_STATE_MUTE = SCARD.STATE_MUTE;
  readonly SCARD_SHARE_SHARED = SCARD.SHARE_SHARED;
  readonly SCARD_PROTOCOL_T0 = SCARD.PROTOCOL_T0;
  readonly SCARD_PROTOCOL_T1 = SCARD.PROTOCOL_T1;
  readonly SCARD_UNPOWER_CARD = SCARD.UNPOWER_CARD;
  state: number = SCARD.STATE_EMPTY;
  closed = false;
  /** Delay before each APDU is answered; Infinity never answers (a hung reader). */
  transmitDelayMs = 0;
  private card: EmvCardSimulator | undefined;

  constructor(readonly name: string) {
    super();
  }

  insert(card: EmvCardSimulator, opts: { mute?: boolean } = {}): void {
    this.card = card;
    this.setState(SCARD.STATE_PRESENT | (opts.mute ? SCARD.STATE_MUTE : 0), card.atr);
  }

  remove(): void {
    this.card = undefined;
    this.setState(SCARD.STATE_EMPTY);
  }

  /** Emits the status the binding reports (it also does so once right after 'reader'). */
  setState(state: number, atr?: Uint8Array): void {
    this.state = state | SCARD.STATE_CHANGED;
    if (!this.closed) this.emit('status', atr ? { state: this.state, atr: Buffer.from(atr) } : { state: this.state });
  }

  connect(_options: { share_mode?: number; protocol?: number }, callback: (err: unknown, protocol: number) => void): void {
    const card = this.card;
    setImmediate(() => (card ? callback(undefined, SCARD.PROTOCOL_T1) : callback(new Error('SCardConnect error: No smart card inserted.'), 0)));
  }

  disconnect(_disposition: number, callback: (err: unknown) => void): void {
    this.card?.reset();
    setImmediate(() => callback(undefined));
  }

  transmit(data: Buffer, _resLen: number, _protocol: number, callback: (err: unknown, response: Buffer) => void): void {
    if (this.transmitDelayMs === Infinity) return;
    setTimeout(() => {
      const card = this.card;
      if (!card) return callback(new Error('SCardTransmit error: Card was removed.'), Buffer.alloc(0));
      callback(undefined, Buffer.from(card.transmit(Uint8Array.from(data))));
    }, this.transmitDelayMs);
  }

  close(): void {
    this.closed = true;
  }
}

export class FakePcsc extends EventEmitter implements PcscLike {
  closed = false;
  readonly readers = new Map<string, FakePcscReader>();

  attach(name: string): FakePcscReader {
    const reader = new FakePcscReader(name);
    this.readers.set(name, reader);
    this.emit('reader', reader);
    setImmediate(() => reader.setState(reader.state & ~SCARD.STATE_CHANGED));
    return reader;
  }

  detach(name: string): void {
    const reader = this.readers.get(name);
    if (!reader) return;
    this.readers.delete(name);
    reader.emit('end');
  }

  close(): void {
    this.closed = true;
  }
}

export function createFakePcsc(): FakePcsc {
  return new FakePcsc();
}
