// The simulated EPP: the pad's side of the dialect, as a model the PTY simulator (and unit
// tests) feed with the host's bytes. It holds working keys by id, takes key presses from its
// controls, and enciphers the PIN the moment Enter is pressed, then zeroes the digits: like a
// real pad, it never sends a digit, only key functions with a count and the encrypted block.
import { isDecodeError } from '../codec/errors.js';
import { PinPadFrameDecoder } from '../codec/frame.js';
import { decodeCommand, encodeReply, type CommandKind, type NakReason, type PinBlockFormat, type PinPadCommand, type PinPadReply } from '../codec/messages.js';
import { createHmac } from 'node:crypto';
import { DEMO_PIN_KEYS, DEMO_TMK_CEREMONY_KEY, keyBytes, type PinKey } from '../demo-keys.js';
import { encipherPinBlock } from '../pin-block-crypto.node.js';
import { aesKcv, KeyBlockError, unwrapPinWorkingKey } from '../tr31-key-block.node.js';

export type EppKey = 'clear' | 'backspace' | 'cancel' | 'enter';

/** The simulated key ceremony's two TMK components for a kiosk's pad (demo-keys.ts; the hub's demo derives the same). */
export function demoKeyCeremony(kioskId: string): Buffer[] {
  return ['A', 'B'].map((custodian) => createHmac('sha256', Buffer.from(DEMO_TMK_CEREMONY_KEY, 'hex')).update(`${kioskId}\u0000${custodian}`, 'utf8').digest().subarray(0, 16));
}

interface Entry {
  format: PinBlockFormat;
  min: number;
  max: number;
  digits: number[];
  timer: ReturnType<typeof setTimeout>;
}

export interface EppOptions {
  keys?: Readonly<Record<string, PinKey>>;
  /**
   * The pad's terminal master key (AES-128 or -256), as a key ceremony left it: working keys
   * arrive wrapped under it (load-key). Without one, load-key is refused (no-master-key).
   */
  tmk?: Uint8Array;
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
  private tmk: Buffer | null;
  /** The working key loaded under the TMK: one slot, a new key block replaces it. */
  private working: { keyId: string; key: PinKey; kcv: string } | null = null;
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
    this.tmk = opts.tmk ? Buffer.from(opts.tmk) : null;
  }

  /**
   * The simulated key ceremony: two (or more) custodians each key in a component; the TMK is
   * their XOR and never leaves the pad. Returns its check value, which the custodians compare
   * with the one the hub's key store shows for the same components. Replacing the TMK drops
   * the working key (it was wrapped under the old one).
   */
  loadMasterKey(components: readonly Uint8Array[]): string {
    const first = components[0];
    if (components.length < 2 || !first || ![16, 32].includes(first.length) || components.some((c) => c.length !== first.length)) throw new RangeError('a TMK is two or more components of 16 or 32 bytes');
    const tmk = Buffer.alloc(first.length);
    for (const c of components) for (let i = 0; i < tmk.length; i++) tmk[i] = (tmk[i] ?? 0) ^ (c[i] ?? 0);
    this.tmk?.fill(0);
    this.tmk = tmk;
    this.dropWorkingKey();
    return aesKcv(tmk);
  }

  /** The loaded working key's id and check value (what a technician's diagnostics show), never the key. */
  get workingKey(): { keyId: string; kcv: string } | null {
    return this.working ? { keyId: this.working.keyId, kcv: this.working.kcv } : null;
  }

  private keyFor(keyId: string | null): PinKey | undefined {
    if (keyId !== null && this.working?.keyId === keyId) return this.working.key;
    return keyId !== null && Object.hasOwn(this.keys, keyId) ? this.keys[keyId] : undefined;
  }

  private dropWorkingKey(): void {
    if (this.working && this.keyId === this.working.keyId) this.keyId = null;
    this.working = null;
  }

  private loadKey(keyBlock: string): PinPadReply {
    if (!this.tmk) return { kind: 'nak', command: 'load-key', reason: 'no-master-key' };
    try {
      const { keyId, key } = unwrapPinWorkingKey(this.tmk, keyBlock);
      const hex = key.toString('hex').toUpperCase();
      const kcv = aesKcv(key);
      key.fill(0);
      // Rotation: the new key takes the slot; a PIN block is never made under the old one again.
      this.dropWorkingKey();
      this.working = { keyId, key: { format: 4, hex }, kcv };
      return { kind: 'key-loaded', keyId, kcv };
    } catch (err) {
      if (!(err instanceof KeyBlockError)) throw err;
      // The old working key stays: a bad block never leaves the pad without a key.
      return { kind: 'nak', command: 'load-key', reason: 'key-block' };
    }
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
    const key = this.keyFor(this.keyId);
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
        return this.reply({ kind: 'status', tamper: this.tamper, entryActive: this.entry !== null, keysLoaded: Object.keys(this.keys).length + (this.working ? 1 : 0) });
      case 'beep':
        return ack();
      case 'cancel':
        this.endEntry();
        return ack();
      case 'key-info':
        return this.working ? this.reply({ kind: 'key-loaded', keyId: this.working.keyId, kcv: this.working.kcv }) : nak('unknown-key');
      case 'get-pin-block':
        if (!this.block) return nak('no-pin');
        return this.reply({ kind: 'pin-block', format: this.block.format, block: this.block.bytes });
    }
    if (this.tamper) return nak('tampered');
    // A repeated start (the host did not get our ACK) restarts the entry; any other
    // set-up command during an entry is refused.
    if (this.entry && cmd.kind !== 'start-pin') return nak('busy');
    if (cmd.kind === 'load-key') return this.reply(this.loadKey(cmd.keyBlock));
    if (cmd.kind === 'select-key') {
      if (!this.keyFor(cmd.keyId)) return nak('unknown-key');
      this.keyId = cmd.keyId;
      this.dropBlock();
      return ack();
    }
    if (cmd.kind === 'set-pan') {
      this.pan = cmd.pan;
      this.dropBlock();
      return ack();
    }
    const key = this.keyFor(this.keyId);
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
