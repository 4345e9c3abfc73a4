// An encrypting PIN pad on the far end of a socat PTY pair, speaking the EPP dialect, for
// tests, the dev panel, benchmarks and `kioskctl simulate pinpad`. The controls are a
// customer's hands on the keypad (type digits, Enter, Cancel, Clear) and a technician's
// faults (silence, tamper, a torn reply, a pulled cable).
import { openPtySimEndpoint } from '../transports/pty-endpoint.node.js';
import type { PinKey } from './demo-keys.js';
import { SimulatedEpp, type EppKey } from './sim/epp.node.js';

export type { EppKey } from './sim/epp.node.js';

export interface PinPadSimulator {
  /** The serial path the driver opens. */
  readonly path: string;
  readonly epp: SimulatedEpp;
  /** Resolves when the host has started a PIN entry. */
  whenEntryStarts(timeoutMs?: number): Promise<void>;
  /** Types digits one key at a time ('1234'); `enter` presses Enter after them. */
  type(digits: string, opts?: { enter?: boolean; gapMs?: number }): Promise<void>;
  press(key: EppKey): Promise<void>;
  /** The pad stops answering (true) or answers again (false). */
  setSilent(silent: boolean): void;
  setTamper(tamper: boolean): void;
  /** The next `count` frames the pad sends go out cut in half. */
  tearNextReplies(count?: number): void;
  /** Raw bytes, for framing tests. */
  sendRaw(bytes: Uint8Array): Promise<void>;
  /** Hangs up the line: the driver sees the cable pulled. Same as close(). */
  unplug(): Promise<void>;
  close(): Promise<void>;
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startPinPadSimulator(opts: { keys?: Readonly<Record<string, PinKey>>; tmk?: Uint8Array } = {}): Promise<PinPadSimulator> {
  const end = await openPtySimEndpoint(9600);
  let writes = Promise.resolve();
  // Replies leave in order even though the model answers synchronously.
  const epp = new SimulatedEpp((bytes) => {
    const copy = bytes.slice();
    writes = writes.then(() => end.write(copy));
  }, opts);
  end.onData((bytes) => epp.receive(bytes));
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    epp.reset();
    await end.close();
  };
  const flushed = (): Promise<void> => writes;
  return {
    path: end.path,
    epp,
    whenEntryStarts(timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no PIN entry started within ${timeoutMs} ms`)), timeoutMs);
        void epp.whenEntryStarts().then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async type(digits, o = {}) {
      for (const c of digits) {
        if (!/\d/.test(c)) throw new RangeError('the keypad has digit keys only');
        epp.pressDigit(c.charCodeAt(0) - 48);
        await flushed();
        if (o.gapMs) await settle(o.gapMs);
      }
      if (o.enter) {
        epp.press('enter');
        await flushed();
      }
    },
    async press(key) {
      epp.press(key);
      await flushed();
    },
    setSilent: (silent) => {
      epp.silent = silent;
    },
    setTamper: (tamper) => {
      epp.tamper = tamper;
    },
    tearNextReplies: (count) => epp.tearNextReplies(count),
    sendRaw: (bytes) => end.write(bytes),
    unplug: close,
    close,
  };
}
