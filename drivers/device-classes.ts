// Device class interfaces (DESIGN.md §4): what the device manager and host services see,
// whatever dialect or transport sits underneath.
import type { ReceiptDocument } from './escpos/codec/document.js';
import type { CardRead, CardSource } from './card/codec/card-read.js';
import type { PinBlock } from '../protocol/card-security.js';

export type HealthState = 'offline' | 'ready' | 'busy' | 'attention' | 'error';

export interface DeviceHealthEvent<Reason extends string = string> {
  state: HealthState;
  /** Why the device is not simply ready, e.g. 'paper-out'; absent when ready or busy. */
  reason?: Reason;
  /** ISO timestamp of the change into this state. */
  since: string;
}

export type PrinterHealthReason =
  // attention: a person can fix it at the kiosk
  | 'paper-near-end'
  | 'paper-out'
  | 'cover-open'
  | 'printer-offline'
  // error: needs a technician (or a power cycle)
  | 'cutter-error'
  | 'unrecoverable-error'
  | 'recoverable-error'
  // offline: no link, or the printer does not answer
  | 'disconnected'
  | 'no-response';

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  error: null | 'cutter' | 'unrecoverable' | 'recoverable';
}

export type PrinterErrorCode =
  | 'PRINTER_NOT_READY'
  | 'PAPER_OUT'
  | 'COVER_OPEN'
  | 'OFFLINE'
  | 'TIMEOUT'
  | 'IO'
  | 'INVALID_DOCUMENT';

/** Thrown when nothing was printed; the code is stable and crosses the bridge as {code, message}. */
export class PrinterError extends Error {
  override readonly name = 'PrinterError';
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type PrintResult =
  | { printed: true; jobId: string; byteLength: number; status: PrinterStatus }
  /**
   * The job was sent but did not finish (paper ran out, cover opened, link lost): part of it
   * may be on paper. Reported, not thrown, so the caller can reprint.
   */
  | {
      printed: false;
      interrupted: true;
      code: Exclude<PrinterErrorCode, 'INVALID_DOCUMENT'>;
      message: string;
      jobId: string;
      byteLength: number;
      status: PrinterStatus | null;
    };

export interface ReceiptPrinter {
  readonly description: string;
  readonly health: DeviceHealthEvent<PrinterHealthReason>;
  onHealth(cb: (event: DeviceHealthEvent<PrinterHealthReason>) => void): () => void;
  /** Opens the link and reads the status; rejects with PrinterError('OFFLINE') if unreachable. */
  open(): Promise<void>;
  /** Stops polling and releases the link. */
  close(): Promise<void>;
  /** Rejects with PrinterError ('TIMEOUT' | 'OFFLINE' | 'IO'). */
  getStatus(): Promise<PrinterStatus>;
  /**
   * Rejects with PrinterError when nothing was printed (not ready, invalid document);
   * resolves {printed:false, interrupted:true} when the job was cut short.
   */
  print(doc: ReceiptDocument): Promise<PrintResult>;
}

// ---- Identity documents and scanners (issue #4) --------------------------------------------
// Full values of an IdDocument live only in memory for the duration of a transaction; toJSON()
// masks them, so a document that reaches a log or a JSON body by accident stays harmless.
// Build one with createIdDocument() (drivers/id/document.ts).

export type IdDocumentKind = 'passport' | 'id-card' | 'drivers-licence' | 'cn-resident-id';
/** X: unspecified or non-binary (ICAO '<' or 'X', AAMVA 9, GB/T 2261.1 0 and 9). */
export type DocumentSex = 'M' | 'F' | 'X';

export interface IdDocumentFields {
  kind: IdDocumentKind;
  documentNumber: string;
  surname: string;
  givenNames: string;
  sex: DocumentSex;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  /** ISO date; null when the document does not expire (长期). */
  expiryDate: string | null;
  /** ISO 3166-1 alpha-3 (ICAO codes for MRZ documents). */
  nationality?: string;
  /** Issuing state, jurisdiction or authority. */
  issuer?: string;
  issueDate?: string;
  address?: string;
  /** Ethnic group of a Chinese resident ID card (GB/T 3304), e.g. 汉. */
  nation?: string;
  /** Raw photo as read from the document (a CN card's photo is WLT-compressed). */
  photo?: Uint8Array;
}

/** What toJSON() yields: numbers masked, names cut to an initial, no address, no photo bytes. */
export interface MaskedIdDocument {
  kind: IdDocumentKind;
  documentNumber: string;
  surname: string;
  givenNames: string;
  sex: DocumentSex;
  birthYear: string;
  /** Whole years at the moment the document was read; null when the birth date is partly unknown. */
  age: number | null;
  expiryDate: string | null;
  nationality?: string;
  issuer?: string;
  hasAddress: boolean;
  photoBytes: number;
}

export interface IdDocument extends Readonly<IdDocumentFields> {
  toJSON(): MaskedIdDocument;
}

/** A failed read, with a stable code; `field` names the failing field, never its value. */
export interface DeviceReadError {
  code: string;
  field?: string;
  message: string;
}

export type IdReaderHealthReason = 'disconnected' | 'no-response' | 'reader-fault';

export interface IdReader {
  readonly description: string;
  readonly health: DeviceHealthEvent<IdReaderHealthReason>;
  onHealth(cb: (event: DeviceHealthEvent<IdReaderHealthReason>) => void): () => void;
  onDocument(cb: (doc: IdDocument) => void): () => void;
  onError(cb: (err: DeviceReadError) => void): () => void;
  /** Opens the link; rejects when the device cannot be reached (the device manager retries). */
  open(): Promise<void>;
  close(): Promise<void>;
}

export interface BarcodeScan {
  data: string;
  /** e.g. 'qr', 'code128', 'pdf417'; absent when the scanner does not say. */
  symbology?: string;
}

export type BarcodeHealthReason = 'disconnected';

export interface BarcodeScanner {
  readonly description: string;
  readonly health: DeviceHealthEvent<BarcodeHealthReason>;
  onHealth(cb: (event: DeviceHealthEvent<BarcodeHealthReason>) => void): () => void;
  onScan(cb: (scan: BarcodeScan) => void): () => void;
  /** Framing problems (overlong or torn scans); codes only. */
  onError(cb: (err: DeviceReadError) => void): () => void;
  open(): Promise<void>;
  close(): Promise<void>;
}

// ---- Payment cards (issue #4) ---------------------------------------------------------------
// A CardRead keeps the full PAN in memory only (wipe() zeroes it); JSON.stringify, pino and
// util.inspect see the masked form (drivers/card/codec/card-read.ts). PCI DSS, DESIGN.md §4.
export type { CardExpiry, CardName, CardRead, CardSource, MaskedCardRead } from './card/codec/card-read.js';

export type CardReaderHealthReason =
  // offline
  | 'disconnected' // link closed (serial/HID unplugged) or driver closed
  | 'no-reader' // PC/SC: no reader matching the configured name
  | 'pcsc-unavailable' // PC/SC: pcscd not reachable
  // attention: a person can fix it at the kiosk
  | 'card-stuck' // a card stays in the reader after its read
  | 'read-error' // several failed reads in a row (dirty head, worn contacts, wrong baud rate)
  // error: needs a technician
  | 'reader-error';

export type CardReadErrorCode =
  | 'READ_ERROR' // the card data did not decode (bad swipe, torn frame, bad TLV); `field` says which part
  | 'NO_APPLICATION' // the chip offers no supported payment application
  | 'CARD_ERROR' // the chip answered a command with an error status; `field` is the status word
  | 'CARD_REMOVED' // the card left the reader during the read
  | 'TIMEOUT'
  | 'IO'
  | 'UNAVAILABLE'; // the reader service cannot be reached (open() only)

/** A failed read. Same shape as DeviceReadError: `field` names the failing part, never its value. */
export class CardReadError extends Error {
  override readonly name = 'CardReadError';
  constructor(
    readonly code: CardReadErrorCode,
    message: string,
    readonly source: CardSource,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface CardReader {
  readonly description: string;
  readonly health: DeviceHealthEvent<CardReaderHealthReason>;
  onHealth(cb: (event: DeviceHealthEvent<CardReaderHealthReason>) => void): () => void;
  /**
   * One call per card read. The listener owns the CardRead and calls wipe() when the
   * transaction ends; with no listener the driver wipes it at once.
   */
  onCard(cb: (read: CardRead) => void): () => void;
  onError(cb: (err: CardReadError) => void): () => void;
  /** Starts listening; rejects with CardReadError('UNAVAILABLE') when the link cannot be opened. */
  open(): Promise<void>;
  /** Stops listening and releases the link; idempotent. */
  close(): Promise<void>;
}

// ---- Encrypting PIN pad (issue #10) ---------------------------------------------------------
// The EPP encrypts the PIN inside its own hardware: the driver and everything above it see the
// number of digits entered (the page shows dots) and the encrypted ISO 9564 PIN block, never a
// digit (DESIGN.md §9).
export type { PinBlock } from '../protocol/card-security.js';
export type PinPadHealthReason =
  | 'disconnected' // offline: link closed (unplugged) or driver closed
  | 'no-response' // offline: the pad does not answer
  | 'tamper' // error: the pad reports a tamper event and refuses PIN entry
  | 'device-error'; // error: the pad answers nonsense or refuses every command

export type PinPadErrorCode =
  | 'PIN_CANCELLED' // the customer pressed Cancel, or the host cancelled the entry
  | 'PIN_TIMEOUT' // the customer did not finish in time
  | 'BUSY' // a PIN entry is already running
  | 'KEY_NOT_FOUND' // the pad has no working key with that id
  | 'INVALID_REQUEST' // lengths, PAN or format the pad (or the key) cannot take
  | 'TAMPERED'
  | 'NO_RESPONSE'
  | 'DISCONNECTED'
  | 'DEVICE_ERROR'
  | 'KEY_BLOCK_REJECTED' // a working key's block did not verify under the pad's TMK, or is for another use
  | 'NO_MASTER_KEY'; // the pad has no terminal master key yet (key ceremony not done)

/** A failed PIN entry; the code is stable and crosses the bridge as {code, message}. */
export class PinPadError extends Error {
  override readonly name = 'PinPadError';
  constructor(
    readonly code: PinPadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface PinRequest {
  /** The card's PAN: the block is bound to it. Kept only for the length of the call. */
  pan: string;
  /** A working key loaded in the pad, e.g. 'demo-pek-aes-1'. */
  keyId: string;
  /** 0: TDEA key, 8-byte block; 4: AES key, 16-byte block. */
  format: 0 | 4;
  minLength?: number;
  maxLength?: number;
  /** How long the customer has to finish, measured by the pad. */
  timeoutMs: number;
}

/** What the page may know about a PIN entry: how many digits are in, nothing else. */
export interface PinEntryEvent {
  digits: number;
}

export interface PinPad {
  readonly description: string;
  readonly health: DeviceHealthEvent<PinPadHealthReason>;
  onHealth(cb: (event: DeviceHealthEvent<PinPadHealthReason>) => void): () => void;
  onEntry(cb: (event: PinEntryEvent) => void): () => void;
  /** Resolves with the encrypted block when the customer presses Enter; rejects with PinPadError. */
  readPin(request: PinRequest): Promise<PinBlock>;
  /** Ends a running entry (readPin rejects with PIN_CANCELLED); a no-op when none runs. */
  cancel(): Promise<void>;
  /**
   * Loads a working PIN key sent as a TR-31 / X9.143 key block under the pad's terminal master
   * key; resolves with the key id and check value the pad reports. A refused block rejects
   * KEY_BLOCK_REJECTED (or NO_MASTER_KEY) and the pad keeps the key it had.
   */
  loadWorkingKey(keyBlock: string): Promise<{ keyId: string; kcv: string }>;
  /** The working key the pad holds now (it keeps it across restarts of the host), or null when none was loaded. */
  workingKey(): Promise<{ keyId: string; kcv: string } | null>;
  /** Opens the link and asks the pad's status; rejects with PinPadError when it cannot. */
  open(): Promise<void>;
  close(): Promise<void>;
}

// ---- Card dispenser (issue #11) -------------------------------------------------------------
// Issues a new or replacement card: from the stacker to the read position (where the host's
// chip reader personalises or checks it), then to the throat for the customer; a card not
// taken in time is captured into the bin. The dispenser never reads the card itself.
export type DispenserCardPosition = 'none' | 'throat' | 'read-position';
export type DispenserStockLevel = 'full' | 'low' | 'empty';

export interface CardDispenserStatus {
  /** Where a card is: none, held at the throat (presented), or inside at the read position. */
  card: DispenserCardPosition;
  stock: DispenserStockLevel;
  captureBinFull: boolean;
  jam: boolean;
  coverOpen: boolean;
}

export type CardDispenserHealthReason =
  // attention: a person can fix it at the kiosk (refill, close the cover, empty the bin)
  | 'stock-low' // still dispensing; the hub's dispenser-stock-low alert fires on it
  | 'stock-out'
  | 'cover-open'
  | 'capture-bin-full'
  // error: needs a technician
  | 'jam'
  | 'device-error' // the dispenser answers nonsense or refuses every frame
  // offline
  | 'disconnected'
  | 'no-response';

export type CardDispenserErrorCode =
  | 'STOCK_OUT'
  | 'JAM'
  | 'COVER_OPEN'
  | 'CAPTURE_BIN_FULL' // a capture (or a reset that captures) has nowhere to put the card
  | 'CARD_IN_CHANNEL' // a card is already at the throat or inside, in the way of this move
  | 'NO_CARD' // a capture, a wait or a chip read for a card that is not there
  | 'CHIP_UNREADABLE' // the chip at the read position is mute, has no payment application, or its data is not a card's
  | 'TIMEOUT' // the dispenser did not acknowledge or answer in time
  | 'OFFLINE' // not connected, unplugged mid-command, or closed
  | 'DEVICE_ERROR';

/** A failed dispenser command; the code is stable and crosses the bridge as {code, message}. */
export class CardDispenserError extends Error {
  override readonly name = 'CardDispenserError';
  constructor(
    readonly code: CardDispenserErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** How a presented card left the throat: the customer took it, or it was captured after the wait. */
export type CardTakeResult = { outcome: 'taken' } | { outcome: 'captured' };

export interface CardDispenser {
  readonly description: string;
  readonly health: DeviceHealthEvent<CardDispenserHealthReason>;
  onHealth(cb: (event: DeviceHealthEvent<CardDispenserHealthReason>) => void): () => void;
  /** Opens the link and reads the sensors; rejects with CardDispenserError('OFFLINE' | 'TIMEOUT'). */
  open(): Promise<void>;
  /** Stops polling and releases the link; a command in flight rejects OFFLINE. */
  close(): Promise<void>;
  status(): Promise<CardDispenserStatus>;
  /** A card from the stacker to the read position; resolves when it is there. */
  moveToReadPosition(): Promise<CardDispenserStatus>;
  /** A card (from the read position, else the stacker) to the throat; resolves once presented. */
  dispense(): Promise<CardDispenserStatus>;
  /**
   * Waits for the customer to take the presented card (default 30 s). Resolves 'taken', or —
   * when the time runs out — captures the card into the bin and resolves 'captured'. Rejects
   * only when neither can be said (CAPTURE_BIN_FULL, JAM, OFFLINE, TIMEOUT: the card may still
   * be at the throat).
   */
  waitTaken(opts?: { timeoutMs?: number }): Promise<CardTakeResult>;
  /** Retracts the card at the throat or the read position into the capture bin. */
  capture(): Promise<CardDispenserStatus>;
  /** Re-initialises the mechanism; `capture` also moves any card in the channel into the bin. */
  reset(opts?: { capture?: boolean }): Promise<CardDispenserStatus>;
  /**
   * Reads the chip of the card at the read position (its PAN, expiry, PAN sequence number and
   * service code), as a CardRead with source 'chip': the caller owns it and wipes it. Rejects
   * NO_CARD when no card is at the read position, CHIP_UNREADABLE when its chip cannot be read.
   */
  readChip(): Promise<CardRead>;
}
