// The simulated dispenser: the device's side of the dialect, as a model the PTY simulator (and
// unit tests) feed with the host's bytes. It holds a stack of blank cards, a capture bin and one
// card channel (throat, read position), takes the customer's hand and the technician's faults
// from its controls, and keeps the exchange's promise: an ENQ repeats the last answer and
// never runs the command again. Each card in the stacker carries its own chip (stock-cards.ts),
// which the IC module reads once the card is at the read position.
import { isDecodeError } from '../codec/errors.js';
import { DispenserLinkDecoder, encodeControl } from '../codec/frame.js';
import { decodeCommand, encodeResponse, type CardPosition, type CommandKind, type DispenserErrorReason, type DispenserResponse, type DispenserSensors, type StockLevel } from '../codec/messages.js';
import { DEMO_STOCK_CARDS, type StockCard } from './stock-cards.js';

export interface SimulatedDispenserOptions {
  /** Blank cards in the stacker (default 100). */
  stock?: number;
  /** At or below this many cards the low-card sensor reports low (default 10). */
  lowThreshold?: number;
  /** Cards the capture bin holds (default 20). */
  binCapacity?: number;
  /** How long a card's travel (or a chip read) takes (default 60 ms). */
  motionMs?: number;
  /**
   * The personalised cards in the stacker, picked in order and over again from the first once
   * all were picked (default DEMO_STOCK_CARDS). The stacker's count is `stock`, not this length.
   */
  stockCards?: readonly StockCard[];
}

export class SimulatedDispenser {
  /** Answers nothing, not even ACK (a hung or powered-off dispenser). */
  silent = false;
  /** Commands executed, in order, for tests: a repeated ENQ must not add one. */
  readonly executed: CommandKind[] = [];
  /** Frames that did not decode, by error code. */
  readonly protocolErrors: string[] = [];
  card: CardPosition = 'none';
  jam = false;
  coverOpen = false;
  binCount = 0;
  /** The IC module gets no answer from any chip (contacts worn, module dead) while set. */
  chipMute = false;
  /** The card in the channel (throat or read position) with its chip; null when none. */
  channelCard: StockCard | null = null;
  private picks = 0;
  private readonly stockCards: readonly StockCard[];
  private stockCount: number;
  private readonly lowThreshold: number;
  private readonly binCapacity: number;
  private readonly motionMs: number;
  private readonly decoder = new DispenserLinkDecoder();
  private jamNext = false;
  private tearNext = 0;
  private nakNext = 0;
  private motion: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private enqWaiting = false;
  private lastAnswer: Uint8Array | null = null;

  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    opts: SimulatedDispenserOptions = {},
  ) {
    this.stockCount = opts.stock ?? 100;
    this.lowThreshold = opts.lowThreshold ?? 10;
    this.binCapacity = opts.binCapacity ?? 20;
    this.motionMs = opts.motionMs ?? 60;
    this.stockCards = opts.stockCards ?? DEMO_STOCK_CARDS;
    if (this.stockCards.length === 0) throw new RangeError('a dispenser stacks at least one kind of card');
  }

  /** The card the next pick from the stacker brings, so a test knows which chip to expect. */
  get nextStockCard(): StockCard {
    return this.stockCards[this.picks % this.stockCards.length] as StockCard;
  }

  get stock(): number {
    return this.stockCount;
  }

  /** Refill or drain the stacker. */
  setStock(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError('stock is a whole number of cards');
    this.stockCount = count;
  }

  get sensors(): DispenserSensors {
    const stock: StockLevel = this.stockCount === 0 ? 'empty' : this.stockCount <= this.lowThreshold ? 'low' : 'full';
    return { card: this.card, stock, captureBinFull: this.binCount >= this.binCapacity, jam: this.jam, coverOpen: this.coverOpen };
  }

  /** The next card that moves sticks in the mechanism. */
  jamNextMotion(): void {
    this.jamNext = true;
  }

  /** A technician opens the cover, pulls the stuck card out and closes it again. */
  clearJam(): void {
    this.jam = false;
  }

  emptyBin(): void {
    this.binCount = 0;
  }

  /** The customer pulls the card from the throat; false when none was there. */
  takeCard(): boolean {
    if (this.card !== 'throat') return false;
    this.card = 'none';
    this.channelCard = null;
    return true;
  }

  /** The next `count` answers go out cut in half (a noisy line); ENQ gets them again whole. */
  tearNextAnswers(count = 1): void {
    this.tearNext = count;
  }

  /** The next `count` command frames are refused with NAK as if their BCC failed. */
  nakNextCommands(count = 1): void {
    this.nakNext = count;
  }

  /** Stops the mechanism's timer; the dispenser is switched off. */
  stop(): void {
    clearTimeout(this.motion);
    this.running = false;
  }

  receive(bytes: Uint8Array): void {
    for (const item of this.decoder.push(bytes)) {
      if (this.silent) continue;
      if (isDecodeError(item)) {
        this.protocolErrors.push(item.code);
        // A frame that does not check is refused, so the host sends it again; noise is not.
        if (item.code !== 'FRAME_GARBAGE') this.out(encodeControl('nak'));
        continue;
      }
      if (item.type === 'control') {
        if (item.code === 'enq') this.onEnq();
        continue;
      }
      if (this.nakNext > 0 || this.running) {
        if (!this.running) this.nakNext -= 1;
        this.out(encodeControl('nak'));
        continue;
      }
      this.out(encodeControl('ack'));
      const cmd = decodeCommand(item);
      if (isDecodeError(cmd)) {
        this.protocolErrors.push(cmd.code);
        this.finish({ kind: 'negative', command: 'unknown', reason: 'unknown-command', sensors: this.sensors });
        continue;
      }
      this.execute(cmd.kind);
    }
  }

  /** A silent dispenser sends nothing, not even the answer to a move it had already begun. */
  private out(bytes: Uint8Array): void {
    if (!this.silent) this.send(bytes);
  }

  private onEnq(): void {
    if (this.running) {
      this.enqWaiting = true;
      return;
    }
    if (this.lastAnswer) this.answer(this.lastAnswer);
    else this.out(encodeControl('nak'));
  }

  private finish(r: DispenserResponse): void {
    this.running = false;
    this.lastAnswer = encodeResponse(r);
    if (this.enqWaiting) {
      this.enqWaiting = false;
      this.answer(this.lastAnswer);
    }
  }

  private answer(bytes: Uint8Array): void {
    if (this.tearNext > 0) {
      this.tearNext -= 1;
      this.out(bytes.subarray(0, Math.ceil(bytes.length / 2)));
      return;
    }
    this.out(bytes);
  }

  private execute(kind: CommandKind): void {
    this.executed.push(kind);
    this.lastAnswer = null;
    this.running = true;
    const refusal = this.refusal(kind);
    if (refusal) return this.finish({ kind: 'negative', command: kind, reason: refusal, sensors: this.sensors });
    if (kind === 'read-chip') {
      this.motion = setTimeout(() => this.finish(this.readChip()), this.motionMs);
      return;
    }
    const done = (reason: DispenserErrorReason | null): void =>
      this.finish(reason ? { kind: 'negative', command: kind, reason, sensors: this.sensors } : { kind: 'positive', command: kind, sensors: this.sensors });
    if (kind === 'status') return done(null);
    this.motion = setTimeout(() => done(this.move(kind)), this.motionMs);
  }

  /** The IC module powers the chip at the read position and reads its payment application. */
  private readChip(): DispenserResponse {
    const card = this.channelCard;
    const fail = (reason: DispenserErrorReason): DispenserResponse => ({ kind: 'negative', command: 'read-chip', reason, sensors: this.sensors });
    if (!card || this.card !== 'read-position') return fail('no-card');
    if (this.chipMute || card.fault === 'mute') return fail('chip-mute');
    if (card.fault === 'no-application') return fail('chip-no-application');
    return { kind: 'positive', command: 'read-chip', sensors: this.sensors, chip: { ...card.chip } };
  }

  /** Why a command cannot start, judged before anything moves. */
  private refusal(kind: CommandKind): DispenserErrorReason | null {
    if (kind === 'status') return null;
    if (this.coverOpen) return 'cover-open';
    if (this.jam) return 'jam';
    switch (kind) {
      case 'to-throat':
        if (this.card === 'throat') return 'not-executable';
        return this.card === 'none' && this.stockCount === 0 ? 'stock-empty' : null;
      case 'to-read-position':
        if (this.card === 'throat') return 'not-executable';
        return this.card === 'none' && this.stockCount === 0 ? 'stock-empty' : null;
      case 'capture':
        if (this.card === 'none') return 'no-card';
        return this.binCount >= this.binCapacity ? 'capture-bin-full' : null;
      case 'reset-capture':
        return this.card !== 'none' && this.binCount >= this.binCapacity ? 'capture-bin-full' : null;
      case 'read-chip':
        // The IC contacts reach only the read position; a card at the throat is out of reach.
        return this.card === 'read-position' ? null : 'no-card';
      default:
        return null;
    }
  }

  /** The card's travel; a jam set by the controls strikes here. */
  private move(kind: CommandKind): DispenserErrorReason | null {
    const picking = (kind === 'to-throat' || kind === 'to-read-position') && this.card === 'none';
    if (picking) {
      this.stockCount -= 1;
      this.channelCard = this.nextStockCard;
      this.picks += 1;
    }
    if (this.jamNext && kind !== 'reset') {
      this.jamNext = false;
      this.jam = true;
      // The card is stuck between the sensors: none of them sees it until it is pulled out.
      this.card = 'none';
      this.channelCard = null;
      return 'jam';
    }
    if (kind === 'to-throat') this.card = 'throat';
    else if (kind === 'to-read-position') this.card = 'read-position';
    else if (kind === 'capture' || (kind === 'reset-capture' && this.card !== 'none')) {
      this.card = 'none';
      this.channelCard = null;
      this.binCount += 1;
    }
    return null;
  }
}
