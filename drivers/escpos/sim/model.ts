// The simulated printer itself, transport-free: bytes in, reply bytes out, with the
// controls tests use (paper, cover, online, errors). It answers DLE EOT at once whatever
// its state, like a real printer, and drops print data while it cannot print.
import { concatBytes } from '../codec/bytes.js';
import type { DecodeItem } from '../codec/commands.js';
import { EscPosDecoder, type DecodedFrame } from '../codec/decoder.js';
import { renderReceiptText } from '../codec/render.js';
import { encodeStatusReply, encodeTransmittedPaperStatus, type StatusReplies } from '../codec/status.js';

export type PaperState = 'ok' | 'near-end' | 'out';
export type SimulatedError = null | 'cutter' | 'unrecoverable' | 'recoverable';

export interface SimulatedJob {
  /** Print data of the job (status requests excluded). */
  bytes: Uint8Array;
  commands: DecodeItem[];
  text: string;
  receivedAt: string;
  /** True when the printer stopped (paper out, cover opened) before the cut. */
  interrupted: boolean;
}

export interface SimulatedConnection {
  /** Consumes bytes from the host; replies go to the connection's send function. */
  receive(chunk: Uint8Array): void;
}

type Send = (bytes: Uint8Array) => void;

export class SimulatedPrinter {
  paper: PaperState = 'ok';
  coverOpen = false;
  online = true;
  error: SimulatedError = null;
  /** False makes the printer mute: status requests go unanswered. */
  answersStatus = true;
  /** Unknown bytes and decode errors seen on the wire, for "the driver sends clean bytes" checks. */
  readonly protocolErrors: DecodeItem[] = [];
  private readonly done: SimulatedJob[] = [];
  private current: DecodedFrame[] = [];
  private currentSince = '';
  private linesLeft: number | null = null;
  private waiters: (() => void)[] = [];
  /** Print-buffer commands not yet processed while printing is paused (a slow printer). */
  private held: { frame: DecodedFrame; send: Send }[] = [];
  private paused = false;

  constructor(private readonly decodeText: (bytes: Uint8Array) => string) {}

  get jobs(): readonly SimulatedJob[] {
    return this.done;
  }

  /** The paper runs out after this many more printed lines (QR codes count as 8). */
  runOutOfPaperAfter(lines: number): void {
    this.linesLeft = lines;
  }

  setPaper(state: PaperState): void {
    this.paper = state;
    if (state === 'out') this.stop();
  }

  setCoverOpen(open: boolean): void {
    this.coverOpen = open;
    if (open) this.stop();
  }

  /** Paused: data piles up in the buffer unprinted while status requests are still answered. */
  pausePrinting(paused: boolean): void {
    this.paused = paused;
    while (!this.paused && this.held.length > 0) {
      const next = this.held.shift();
      if (next) this.process(next.frame, next.send);
    }
  }

  canPrint(): boolean {
    return this.online && !this.coverOpen && this.paper !== 'out' && this.error === null;
  }

  statusReplies(): StatusReplies {
    return {
      printer: { offline: !this.canPrint(), drawerPin3High: false, waitingForOnlineRecovery: false, feedButtonPressed: false },
      offline: { coverOpen: this.coverOpen, feedingByButton: false, paperEndStop: this.paper === 'out', errorOccurred: this.error !== null },
      error: { recoverable: this.error === 'recoverable', cutter: this.error === 'cutter', unrecoverable: this.error === 'unrecoverable', autoRecoverable: false },
      paper: { nearEnd: this.paper !== 'ok', paperEnd: this.paper === 'out' },
    };
  }

  connect(send: Send): SimulatedConnection {
    const decoder = new EscPosDecoder();
    return { receive: (chunk) => decoder.push(chunk).forEach((f) => this.handle(f, send)) };
  }

  /** Resolves when a job beyond `index` exists. */
  whenJob(index: number, timeoutMs: number): Promise<SimulatedJob> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const job = this.done[index];
        if (job) resolve(job);
        return job !== undefined;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no print job within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.waiters.push(waiter);
    });
  }

  private handle(frame: DecodedFrame, send: Send): void {
    const c = frame.item;
    // DLE EOT is executed on arrival, ahead of anything waiting in the print buffer.
    if (c.type === 'status-request') {
      if (this.answersStatus) send(Uint8Array.of(encodeStatusReply(c.n, this.statusReplies())));
      return;
    }
    if (this.paused || this.held.length > 0) this.held.push({ frame, send });
    else this.process(frame, send);
  }

  private process(frame: DecodedFrame, send: Send): void {
    const c = frame.item;
    // A stopped printer never gets to the data; it is lost with the interrupted job.
    if (!this.canPrint()) return;
    if (c.type === 'transmit-status') {
      send(Uint8Array.of(c.n === 1 ? encodeTransmittedPaperStatus(this.statusReplies().paper) : 0));
      return;
    }
    if (c.type === 'unknown' || c.type === 'decode-error') this.protocolErrors.push(c);
    if (this.current.length === 0) this.currentSince = new Date().toISOString();
    this.current.push(frame);
    if (c.type === 'cut') this.finishJob(false);
    else this.consumePaper(c.type === 'newline' ? 1 : c.type === 'feed' ? c.lines : c.type === 'qr-print' ? 8 : 0);
  }

  private consumePaper(lines: number): void {
    if (this.linesLeft === null || lines === 0) return;
    this.linesLeft -= lines;
    if (this.linesLeft > 0) return;
    this.linesLeft = null;
    this.setPaper('out');
  }

  /** The printer stopped mid-job: what was printed so far is an interrupted job. */
  private stop(): void {
    if (this.current.some((f) => f.item.type !== 'init' && f.item.type !== 'chinese-mode')) this.finishJob(true);
    this.current = [];
  }

  private finishJob(interrupted: boolean): void {
    const frames = this.current;
    this.current = [];
    const commands = frames.map((f) => f.item);
    this.done.push({
      bytes: concatBytes(frames.map((f) => f.raw)),
      commands,
      text: renderReceiptText(commands, this.decodeText),
      receivedAt: this.currentSince,
      interrupted,
    });
    for (const w of [...this.waiters]) w();
  }
}
