// One card read, whatever the technology. PCI DSS (DESIGN.md §4): the full PAN lives only in
// memory for the length of a transaction; everything that can serialise or print the object
// (JSON.stringify, pino, util.inspect, String()) sees the masked form only.
//
// JavaScript strings cannot be overwritten, so the PAN is kept as digit bytes in a private
// field and turned into a string only when `pan` is read; wipe() zeroes those bytes. Callers
// should use `pan` where it is needed (authorisation request) and not keep the string.
export type CardSource = 'magstripe' | 'chip' | 'contactless';

export interface CardName {
  surname: string;
  given: string;
  /** e.g. 'MR' from 'DOE/JOHN.MR' */
  title?: string;
}

export interface CardExpiry {
  /** Four-digit year (YY read as 20YY). */
  year: number;
  /** 1..12 */
  month: number;
}

/** What a CardRead serialises to: safe to log and to store. */
export interface MaskedCardRead {
  source: CardSource;
  maskedPan: string;
  bin: string;
  last4: string;
  expiry: CardExpiry;
  serviceCode?: string;
  /** EMV PAN sequence number (5F34), two digits, when the chip gave one. */
  panSequence?: string;
  /** True when the read carried a cardholder name (the name itself is not serialised). */
  hasName: boolean;
  wiped: boolean;
}

export interface CardReadInit {
  source: CardSource;
  pan: string;
  name?: CardName;
  expiry: CardExpiry;
  serviceCode?: string;
  panSequence?: string;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** First 6 and last 4 digits kept, the rest replaced by '*' (PCI DSS 3.4 display rule). */
export function maskPan(pan: string): string {
  if (pan.length <= 10) return '*'.repeat(pan.length);
  return pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4);
}

export class CardRead {
  readonly source: CardSource;
  readonly maskedPan: string;
  readonly bin: string;
  readonly last4: string;
  readonly expiry: CardExpiry;
  readonly serviceCode?: string;
  readonly panSequence?: string;
  /** Cardholder name; cleared by wipe(). Not part of the serialised form. */
  name?: CardName;
  #digits: Uint8Array;
  #wiped = false;

  constructor(init: CardReadInit) {
    this.source = init.source;
    this.maskedPan = maskPan(init.pan);
    this.bin = init.pan.slice(0, 6);
    this.last4 = init.pan.slice(-4);
    this.expiry = { year: init.expiry.year, month: init.expiry.month };
    if (init.serviceCode !== undefined) this.serviceCode = init.serviceCode;
    if (init.panSequence !== undefined) this.panSequence = init.panSequence;
    if (init.name) this.name = { ...init.name };
    this.#digits = Uint8Array.from(init.pan, (c) => c.charCodeAt(0));
  }

  /** The full PAN, memory only. Empty after wipe(). */
  get pan(): string {
    return this.#wiped ? '' : String.fromCharCode(...this.#digits);
  }

  get wiped(): boolean {
    return this.#wiped;
  }

  /** True when the card's expiry month is over at `now`. */
  isExpired(now: Date = new Date()): boolean {
    const y = now.getFullYear();
    const m = now.getMonth() + 1;
    return this.expiry.year < y || (this.expiry.year === y && this.expiry.month < m);
  }

  /** Zeroes the PAN bytes and drops the name; call it when the transaction ends. */
  wipe(): void {
    this.#digits.fill(0);
    this.#wiped = true;
    this.name = undefined;
  }

  toJSON(): MaskedCardRead {
    const out: MaskedCardRead = { source: this.source, maskedPan: this.maskedPan, bin: this.bin, last4: this.last4, expiry: { ...this.expiry }, hasName: this.name !== undefined, wiped: this.#wiped };
    if (this.serviceCode !== undefined) out.serviceCode = this.serviceCode;
    if (this.panSequence !== undefined) out.panSequence = this.panSequence;
    return out;
  }

  toString(): string {
    return `CardRead(${this.source} ${this.maskedPan})`;
  }

  [inspectSymbol](): MaskedCardRead {
    return this.toJSON();
  }
}
