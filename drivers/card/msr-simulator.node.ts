// Magnetic stripe reader simulators for tests, the dev panel and benchmarks:
// - serial: speaks the STX/ETX/LRC framing from the far end of a socat PTY pair, so the driver
//   uses the real serialport transport (closing it hangs up the line, like an unplugged cable);
// - HID: a fake node-hid device object that emits MagTek-style reports.
import { EventEmitter } from 'node:events';
import { loadSerialPort } from '../transports/serialport-module.node.js';
import { encodeMagtekReport } from './codec/hid-report.js';
import { encodeMsrFrame, STX } from './codec/msr-frame.js';
import { encodeSwipeText, encodeTrack1, encodeTrack2, type MagstripeCard, type TrackEncodeOptions } from './codec/tracks.js';
import type { HidDeviceLike } from './msr/hid-source.js';
import { openPtyPair } from '../transports/pty-pair.node.js';

export type { MagstripeCard } from './codec/tracks.js';

export interface MsrSimulator {
  /** The PTY the driver opens as its serial port. */
  readonly path: string;
  swipe(card: MagstripeCard, opts?: TrackEncodeOptions): Promise<void>;
  /** Line noise: random bytes that never contain an STX. */
  swipeGarbage(length?: number): Promise<void>;
  /** The first half of a frame, then silence (a reader reset mid-swipe). */
  swipeTorn(card: MagstripeCard): Promise<void>;
  /** The reader saw a card but read neither track ("%E?;E?"). */
  swipeUnreadable(): Promise<void>;
  /** Raw bytes, for framing tests. */
  send(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export async function startMsrSimulator(): Promise<MsrSimulator> {
  const { SerialPort } = await loadSerialPort();
  const pair = await openPtyPair();
  const port = new SerialPort({ path: pair.simPath, baudRate: 9600, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    await pair.close();
    throw err;
  }
  port.on('error', () => undefined);
  const send = (bytes: Uint8Array): Promise<void> =>
    new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve()))));
    });
  return {
    path: pair.driverPath,
    swipe: (card, opts) => send(encodeMsrFrame(encodeSwipeText(card, opts))),
    swipeGarbage(length = 16) {
      const noise = globalThis.crypto.getRandomValues(new Uint8Array(length)).map((b) => (b === STX ? 0x55 : b));
      return send(noise);
    },
    swipeTorn(card) {
      const frame = encodeMsrFrame(encodeSwipeText(card));
      return send(frame.subarray(0, Math.floor(frame.length / 2)));
    },
    swipeUnreadable: () => send(encodeMsrFrame(Uint8Array.from('%E?;E?', (c) => c.charCodeAt(0)))),
    send,
    async close() {
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      await pair.close();
    },
  };
}

/** A stand-in for node-hid's HID: same events and methods, plus swipe controls. */
export class FakeHidDevice extends EventEmitter implements HidDeviceLike {
  closed = false;
  readonly writes: number[][] = [];

  write(values: number[] | Buffer): number {
    if (this.closed) throw new Error('Cannot write to a closed HID device');
    this.writes.push([...values]);
    return values.length;
  }

  close(): void {
    this.closed = true;
  }

  swipe(card: MagstripeCard, opts: { failTracks?: number[]; track1?: boolean } = {}): void {
    const report = encodeMagtekReport({ track1: opts.track1 === false ? undefined : encodeTrack1(card), track2: encodeTrack2(card), failed: opts.failTracks });
    this.report(report);
  }

  /** Emits any report, e.g. a truncated one. */
  report(bytes: Uint8Array): void {
    if (!this.closed) this.emit('data', Buffer.from(bytes));
  }

  /** What node-hid does when the device is unplugged. */
  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
    this.closed = true;
  }
}

export function createFakeHidDevice(): FakeHidDevice {
  return new FakeHidDevice();
}
