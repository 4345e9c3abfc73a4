// The simulated EPP: the pad's side of the dialect, as a model the PTY simulator (and unit
// tests) feed with the host's bytes. It holds working keys by id, takes key presses from its
// controls, and enciphers the PIN the moment Enter is pressed, then zeroes the digits: like a
// real pad, it never sends a digit, only key functions with a count and the encrypted block.
import { isDecodeError } from '../codec/errors.js';
import { PinPadFrameDecoder } from '../codec/frame.js';
import { decodeCommand, encodeReply, type CommandKind, type NakReason, type PinBlockFormat, type PinPadCommand, type PinPadReply } from '../codec/messages.js';
import { DEMO_PIN_KEYS, keyBytes, type PinKey } from '../demo-keys.js';
import { encipherPinBlock } from '../pin-block-crypto.node.js';

export type EppKey = 'clear' | 'backspace' | 'cancel' | 'enter';

interface Entry {
  format: PinBlockFormat;
  min: number;
  max: number;
  digits: number[];
  timer: ReturnType<typeof setTimeout>;
}

export interface EppOptions {
  keys?: Readonly<Record<string, PinKey>>;
}

export class SimulatedEpp {
  /** Silent: nothing goes out, neither answers nor key events (a hung pad). */
  silent = false;
  tamper = false;
  /** Commands received, by kind, for tests (never their PAN). */
  readonly received: CommandKind[] = [];
  /** Frames that did not decode, by error code. */
  readonly protocolErrors: string[] = [];
  private readonly decoder = new PinPadFrameDecoder();
  private readonly keys: Readonly<Record<string, PinKey>>;
  private keyId: string | null = null;
  private pan: string | null = null;
  private entry: Entry | null = null;
  private block: { format: PinBlockFormat; bytes: Uint8Array } | null = null;
  private tearNext = 0;
  private readonly entryWaiters: (() => void)[] = [];

  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    opts: EppOptions = {},
  ) {
    this.keys = opts.keys ?? DEMO_PIN_KEYS;
  }

  get entryActive(): boolean {
    return this.entry !== null;
  }

  /** Digits held by the running entry (the count the pad shows, not their values). */
  get digitCount(): number {
    return this.entry?.digits.length ?? 0;
  }

  /** Resolves when a PIN entry is running (at once if one is). */
  whenEntryStarts(): Promise<void> {
    if (this.entry) return Promise.resolve();
    return new Promise((resolve) => this.entryWaiters.push(resolve));
  }

  /** The next `count` replies go out cut in half (a reset or a noisy line mid-frame). */
  tearNextReplies(count = 1): void {
    this.tearNext = count;
  }

  receive(bytes: Uint8Array): void {
    for (const item of this.decoder.push(bytes)) {
      if (isDecodeError(item)) {
        this.protocolErrors.push(item.code);
        continue;
      }
      const cmd = decodeCommand(item);
      if (isDecodeError(cmd)) {
        this.protocolErrors.push(cmd.code);
        if (cmd.code === 'UNKNOWN_MESSAGE') this.reply({ kind: 'nak', command: 'unknown', reason: 'unknown-command' });
        continue;
      }
      this.received.push(cmd.kind);
      if (!this.silent) this.execute(cmd);
    }
  }

  pressDigit(digit: number): void {
    const e = this.entry;
    if (!e || !Number.isInteger(digit) || digit < 0 || digit > 9) return;
    // A full PIN takes no more digits: the pad beeps and reports nothing.
    if (e.digits.length >= e.max) return;
    e.digits.push(digit);
    this.reply({ kind: 'key', event: 'digit', digits: e.digits.length });
  }

  press(key: EppKey): void {
    const e = this.entry;
    if (!e) return;
    if (key === 'clear') {
      e.digits.fill(0);
      e.digits.length = 0;
      this.reply({ kind: 'key', event: 'clear', digits: 0 });
    } else if (key === 'backspace') {
      if (e.digits.length > 0) e.digits[e.digits.length - 1] = 0;
      e.digits.pop();
      this.reply({ kind: 'key', event: 'backspace', digits: e.digits.length });
    } else if (key === 'cancel') {
      this.endEntry();
      this.reply({ kind: 'key', event: 'cancel', digits: 0 });
    } else if (e.digits.length >= e.min) {
      const count = e.digits.length;
      this.block = { format: e.format, bytes: this.encipher(e) };
      this.endEntry();
      this.reply({ kind: 'key', event: 'enter', digits: count });
    }
  }

  /** Stops timers and forgets every PIN; the pad is switched off. */
  reset(): void {
    this.endEntry();
    this.block?.bytes.fill(0);
    this.block = null;
    this.pan = null;
  }

  private encipher(e: Entry): Uint8Array {
    const key = this.keys[this.keyId ?? ''];
    const pin = Uint8Array.from(e.digits);
    try {
      return encipherPinBlock({ format: e.format, key: keyBytes(key!), pin, pan: this.pan ?? '' });
    } finally {
      pin.fill(0);
    }
  }

  private endEntry(): void {
    const e = this.entry;
    if (!e) return;
    clearTimeout(e.timer);
    e.digits.fill(0);
    e.digits.length = 0;
    this.entry = null;
  }

  private execute(cmd: PinPadCommand): void {
    const nak = (reason: NakReason): void => this.reply({ kind: 'nak', command: cmd.kind, reason });
    const ack = (): void => this.reply({ kind: 'ack', command: cmd.kind });
    switch (cmd.kind) {
      case 'status':
        return this.reply({ kind: 'status', tamper: this.tamper, entryActive: this.entry !== null, keysLoaded: Object.keys(this.keys).length });
      case 'beep':
        return ack();
      case 'cancel':
        this.endEntry();
        return ack();
      case 'get-pin-block':
        if (!this.block) return nak('no-pin');
        return this.reply({ kind: 'pin-block', format: this.block.format, block: this.block.bytes });
    }
    if (this.tamper) return nak('tampered');
    // A repeated start (the host did not get our ACK) restarts the entry; any other
    // set-up command during an entry is refused.
    if (this.entry && cmd.kind !== 'start-pin') return nak('busy');
    if (cmd.kind === 'select-key') {
      if (!Object.hasOwn(this.keys, cmd.keyId)) return nak('unknown-key');
      this.keyId = cmd.keyId;
      this.dropBlock();
      return ack();
    }
    if (cmd.kind === 'set-pan') {
      this.pan = cmd.pan;
      this.dropBlock();
      return ack();
    }
    const key = this.keys[this.keyId ?? ''];
    if (!key) return nak('unknown-key');
    if (!this.pan || (cmd.format === 0 && this.pan.length < 13)) return nak('no-pan');
    if (key.format !== cmd.format) return nak('key-type');
    this.endEntry();
    this.dropBlock();
    this.entry = {
      format: cmd.format,
      min: cmd.minLength,
      max: cmd.maxLength,
      digits: [],
      timer: setTimeout(() => {
        this.endEntry();
        this.reply({ kind: 'key', event: 'timeout', digits: 0 });
      }, cmd.timeoutMs),
    };
    ack();
    for (const wake of this.entryWaiters.splice(0)) wake();
  }

  private dropBlock(): void {
    this.block?.bytes.fill(0);
    this.block = null;
  }

  private reply(r: PinPadReply): void {
    if (this.silent) return;
    const bytes = encodeReply(r);
    if (this.tearNext > 0) {
      this.tearNext -= 1;
      this.send(bytes.subarray(0, Math.ceil(bytes.length / 2)));
      return;
    }
    this.send(bytes);
  }
}
