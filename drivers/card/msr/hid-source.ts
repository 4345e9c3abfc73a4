// Swipes from a USB HID reader sending MagTek-style reports (codec/hid-report.ts). The device
// object is node-hid's HID or anything of the same shape (the simulator's fake), injected so
// the driver never opens USB devices itself.
import { parseMagtekReport } from '../codec/hid-report.js';
import { isDecodeError } from '../codec/errors.js';
import { createListeners } from '../../shared/listeners.js';
import type { TransportState } from '../../transports/byte-transport.js';
import type { SwipeEvent, SwipeSource } from './source.js';

/** The part of node-hid's `HID` the driver uses. */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  removeListener(event: 'data', listener: (report: Buffer) => void): unknown;
  removeListener(event: 'error', listener: (err: unknown) => void): unknown;
  write(values: number[] | Buffer): number;
  close(): void;
}

/** A device, or how to open one when the driver opens (node-hid throws if it is unplugged). */
export type HidDeviceInput = HidDeviceLike | (() => HidDeviceLike | Promise<HidDeviceLike>);

export function createHidSwipeSource(input: HidDeviceInput, description = 'hid://magtek'): SwipeSource {
  const swipes = createListeners<SwipeEvent>();
  const states = createListeners<TransportState>();
  let device: HidDeviceLike | undefined;

  const onData = (report: Buffer): void => {
    const parsed = parseMagtekReport(report);
    report.fill(0);
    if (isDecodeError(parsed)) return swipes.emit({ kind: 'error', error: parsed });
    const [t1, t2] = parsed.tracks;
    const failed = parsed.tracks.flatMap((t, i) => (t && !t.ok ? [i + 1] : []));
    const tracks = { ...(t1?.ok ? { track1: t1.data } : {}), ...(t2?.ok ? { track2: t2.data } : {}) };
    parsed.tracks[2]?.data.fill(0);
    swipes.emit({ kind: 'tracks', tracks, failed });
  };
  // node-hid emits 'error' when the device goes away and stops reading; that is an unplug.
  const onError = (): void => {
    detach();
    states.emit('closed');
  };
  const detach = (): void => {
    const d = device;
    device = undefined;
    if (!d) return;
    d.removeListener('data', onData);
    d.removeListener('error', onError);
    try {
      d.close();
    } catch {
      // Already closed by the unplug.
    }
  };

  return {
    description,
    async open() {
      if (device) return;
      const d = typeof input === 'function' ? await input() : input;
      d.on('data', onData);
      d.on('error', onError);
      device = d;
      states.emit('open');
    },
    async close() {
      if (!device) return;
      detach();
      states.emit('closed');
    },
    onSwipe: (cb) => swipes.add(cb),
    onState: (cb) => states.add(cb),
  };
}
