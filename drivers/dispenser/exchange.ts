// One command exchange of the dispenser dialect, as its link layer prescribes (README,
// "Exchange"): the host sends the command frame; the dispenser answers ACK (or NAK when the
// frame did not check, and the host sends it again); the host sends ENQ and the dispenser
// answers with the result once the mechanism has finished. An answer that arrives torn or
// corrupt is asked for again with another ENQ: the dispenser repeats its last answer and does
// not run the command twice, so a bad frame loses nothing and moves no second card.
import { CardDispenserError } from '../device-classes.js';
import { isDecodeError } from './codec/errors.js';
import { encodeControl, type DispenserLinkItem } from './codec/frame.js';
import { decodeResponse, encodeCommand, type CommandKind, type DispenserResponse } from './codec/messages.js';

export interface ExchangeTimings {
  /** How long the dispenser has to acknowledge a command frame. */
  ackTimeoutMs: number;
  /** How long it has to answer an ENQ: covers the card's travel. */
  answerTimeoutMs: number;
}

/** Sends again after a NAK, and asks again (ENQ) after a garbled answer, this many times. */
const MAX_REPEATS = 3;

export interface Exchange {
  /** Bytes from the line, decoded; the exchange takes what concerns it. */
  onItem(item: DispenserLinkItem): void;
  fail(err: CardDispenserError): void;
  readonly result: Promise<DispenserResponse>;
}

export interface ExchangeEvents {
  write(bytes: Uint8Array): Promise<void>;
  /** A unit the exchange had no use for, or a garbled one (for the log). */
  ignored(what: string): void;
  /** The dispenser stayed silent: the caller marks it no-response. */
  silent(): void;
}

export function startExchange(kind: CommandKind, timings: ExchangeTimings, io: ExchangeEvents): Exchange {
  let phase: 'ack' | 'answer' | 'done' = 'ack';
  let naks = 0;
  let enqs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolve!: (r: DispenserResponse) => void;
  let reject!: (e: CardDispenserError) => void;
  const result = new Promise<DispenserResponse>((res, rej) => {
    resolve = res;
    reject = rej;
  });

  const finish = (): void => {
    phase = 'done';
    clearTimeout(timer);
  };
  const fail = (err: CardDispenserError): void => {
    if (phase === 'done') return;
    finish();
    reject(err);
  };
  const arm = (ms: number, what: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      io.silent();
      fail(new CardDispenserError('TIMEOUT', `the dispenser did not ${what} ${kind} within ${ms} ms`));
    }, ms);
  };
  const send = (bytes: Uint8Array): void => {
    io.write(bytes).catch((err: unknown) => fail(new CardDispenserError('OFFLINE', `cannot write ${kind} to the dispenser`, { cause: err })));
  };
  const sendCommand = (): void => {
    arm(timings.ackTimeoutMs, 'acknowledge');
    send(encodeCommand({ kind }));
  };
  const askAnswer = (): void => {
    arm(timings.answerTimeoutMs, 'answer');
    send(encodeControl('enq'));
  };

  sendCommand();

  return {
    result,
    fail,
    onItem(item) {
      if (phase === 'done') return io.ignored(isDecodeError(item) ? item.code : item.type);
      if (phase === 'ack') {
        if (item.type === 'control' && item.code === 'ack') {
          phase = 'answer';
          return askAnswer();
        }
        if (item.type === 'control' && item.code === 'nak') {
          naks += 1;
          if (naks > MAX_REPEATS) return fail(new CardDispenserError('DEVICE_ERROR', `the dispenser refused the ${kind} frame ${naks} times`));
          io.ignored('NAK: sending the command again');
          return sendCommand();
        }
        return io.ignored(isDecodeError(item) ? item.code : `${item.type} before the ACK`);
      }
      // phase 'answer'
      if (item.type === 'control') return io.ignored(`${item.code} while waiting for the answer`);
      const answer = isDecodeError(item) ? item : decodeResponse(item);
      // A chip answer's frame holds the PAN as bytes; once decoded nothing needs them (DESIGN §4).
      if (!isDecodeError(item) && !isDecodeError(answer) && answer.kind === 'positive' && answer.command === 'read-chip') item.body.fill(0);
      if (isDecodeError(answer) || (answer.command !== kind && answer.command !== 'unknown')) {
        io.ignored(isDecodeError(answer) ? answer.code : `an answer to ${answer.command}`);
        // FRAME_GARBAGE is noise around a frame, not a frame: the answer may still follow.
        if (isDecodeError(answer) && answer.code === 'FRAME_GARBAGE') return;
        enqs += 1;
        if (enqs > MAX_REPEATS) return fail(new CardDispenserError('DEVICE_ERROR', `no readable answer to ${kind} after ${enqs} tries`));
        return askAnswer();
      }
      finish();
      resolve(answer);
    },
  };
}
