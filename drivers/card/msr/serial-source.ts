// Swipes from a serial MSR speaking the STX/ETX/LRC framing of codec/msr-frame.ts, over any
// ByteTransport (a serial port, or the socat PTY of the simulator).
import { MsrFrameDecoder } from '../codec/msr-frame.js';
import { createListeners } from '../../shared/listeners.js';
import type { ByteTransport } from '../../transports/byte-transport.js';
import type { SwipeEvent, SwipeSource } from './source.js';

export interface SerialSwipeOptions {
  transport: ByteTransport;
  /** Quiet time after the last byte before an open frame is reported torn (default 250 ms). */
  frameTimeoutMs?: number;
}

export function createSerialSwipeSource(opts: SerialSwipeOptions): SwipeSource {
  const { transport } = opts;
  const frameTimeoutMs = opts.frameTimeoutMs ?? 250;
  const swipes = createListeners<SwipeEvent>();
  const decoder = new MsrFrameDecoder();
  let idle: ReturnType<typeof setTimeout> | undefined;

  const emitItems = (items: ReturnType<MsrFrameDecoder['push']>): void => {
    for (const item of items) {
      if (item.type === 'frame') swipes.emit({ kind: 'text', data: item.payload });
      else swipes.emit({ kind: 'error', error: item });
    }
  };

  const stopIdle = (): void => {
    if (idle) clearTimeout(idle);
    idle = undefined;
  };

  transport.onData((bytes) => {
    stopIdle();
    emitItems(decoder.push(bytes));
    // A reader that stops mid-frame sends nothing more: the quiet line ends the frame.
    idle = setTimeout(() => {
      idle = undefined;
      emitItems(decoder.flush());
    }, frameTimeoutMs);
    idle.unref?.();
  });
  transport.onState((state) => {
    if (state === 'closed') {
      stopIdle();
      // A frame cut by the hang-up is not reported (the link state is); flushing wipes it.
      decoder.flush();
    }
  });

  return {
    description: transport.description,
    open: () => transport.open(),
    async close() {
      stopIdle();
      await transport.close();
    },
    onSwipe: (cb) => swipes.add(cb),
    onState: (cb) => transport.onState(cb),
  };
}
