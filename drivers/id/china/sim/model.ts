// The SAM module of a resident ID card reader, transport-free: request bytes in, response
// bytes out. It keeps the card state a real reader has (found → selected → read) and, like
// one, answers "no card" after a read until the card is lifted and placed again. Fault
// controls: noise before a reply, a reply torn in two, a wrong checksum, slow or no replies.
import { encodeBaseInfo, type CnIdText } from '../codec/base-info.js';
import { encodeResponse, SamFrameDecoder } from '../codec/frame.js';
import { SW3_CARD_FOUND, SW3_NO_CARD, SW3_OK } from '../codec/status.js';

export interface SimulatedCard {
  text: CnIdText;
  photo?: Uint8Array;
}

type CardState = 'absent' | 'present' | 'found' | 'selected' | 'read';
type Send = (bytes: Uint8Array) => void | Promise<void>;

export interface SimulatedSamConnection {
  receive(chunk: Uint8Array): void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class SimulatedSamReader {
  /** SW3 for every command while not 0x90, e.g. 0x60 (self-test failed), 0x66 (not authorised). */
  samStatus = SW3_OK;
  /** Delay before each reply. */
  responseDelayMs = 0;
  /** A mute reader: requests go unanswered. */
  mute = false;
  /**
   * Most readers answer "no card" after a read until the card is placed again; set this for
   * the ones that keep finding a card that stays on the reader.
   */
  findsAfterRead = false;
  /** Commands received, as 'CMD PARA' hex ('20 01'). */
  readonly requests: string[] = [];
  /** Frames from the host that failed to decode. */
  readonly protocolErrors: string[] = [];
  private card: SimulatedCard | null = null;
  private state: CardState = 'absent';
  private garbage: Uint8Array | null = null;
  private tear: { at: number; pauseMs: number } | null = null;
  private corrupt = false;
  private failReads = 0;

  placeCard(card: SimulatedCard): void {
    this.card = card;
    this.state = 'present';
  }

  removeCard(): void {
    this.card = null;
    this.state = 'absent';
  }

  /** Noise sent just before the next reply. */
  injectGarbage(bytes: Uint8Array): void {
    this.garbage = bytes;
  }

  /** The next reply goes out in two parts, `pauseMs` apart. */
  tearNextReply(at: number, pauseMs: number): void {
    this.tear = { at, pauseMs };
  }

  corruptNextChecksum(): void {
    this.corrupt = true;
  }

  /** The next `n` reads answer 41 (read failed), as when a card moves in the field. */
  failNextReads(n: number): void {
    this.failReads = n;
  }

  connect(send: Send): SimulatedSamConnection {
    const decoder = new SamFrameDecoder(3);
    let queue = Promise.resolve();
    return {
      receive: (chunk) => {
        for (const item of decoder.push(chunk)) {
          const reply = item.type === 'frame' ? this.answer(item.payload) : (this.protocolErrors.push(item.error.code), encodeResponse([0, 0, 0x10]));
          if (this.mute) continue;
          queue = queue.then(() => this.deliver(reply, send)).catch(() => undefined);
        }
      },
    };
  }

  private answer(payload: Uint8Array): Uint8Array {
    const [cmd = 0, para = 0] = payload;
    this.requests.push(`${hex(cmd)} ${hex(para)}`);
    const status = (sw3: number, data?: Uint8Array): Uint8Array => encodeResponse([0, 0, sw3], data);
    if (cmd === 0x11 || cmd === 0x10) return status(this.samStatus);
    if (this.samStatus !== SW3_OK) return status(this.samStatus);
    if (cmd === 0x12) return status(SW3_OK, new Uint8Array(16));
    if (cmd === 0x20 && para === 0x01) {
      if (this.state === 'absent' || (this.state === 'read' && !this.findsAfterRead)) return status(SW3_NO_CARD);
      this.state = 'found';
      return status(SW3_CARD_FOUND, new Uint8Array(4));
    }
    if (cmd === 0x20 && para === 0x02) {
      if (this.state !== 'found' && this.state !== 'selected') return status(0x81);
      this.state = 'selected';
      return status(SW3_OK, new Uint8Array(8));
    }
    if (cmd === 0x30 && para === 0x01) {
      if (this.state !== 'selected' || !this.card) return status(0x41);
      if (this.failReads > 0) {
        this.failReads -= 1;
        this.state = 'present';
        return status(0x41);
      }
      this.state = 'read';
      return status(SW3_OK, encodeBaseInfo(this.card.text, this.card.photo));
    }
    return status(0x21);
  }

  private async deliver(reply: Uint8Array, send: Send): Promise<void> {
    if (this.responseDelayMs > 0) await sleep(this.responseDelayMs);
    if (this.corrupt) {
      this.corrupt = false;
      reply[reply.length - 1] = (reply.at(-1) ?? 0) ^ 0x5a;
    }
    if (this.garbage) {
      await send(this.garbage);
      this.garbage = null;
    }
    const tear = this.tear;
    this.tear = null;
    if (!tear) return void (await send(reply));
    await send(reply.subarray(0, tear.at));
    await sleep(tear.pauseMs);
    await send(reply.subarray(tear.at));
  }
}

const hex = (b: number): string => b.toString(16).padStart(2, '0');
