// A HID POS scanner without hardware: what node-hid would hand the driver, plus controls to
// scan, send raw reports and unplug.
import { encodeHidPosReports } from '../codec/hid-pos.js';
import type { HidDeviceLike } from '../hid-scanner.js';

export interface FakeHidScanner {
  device: HidDeviceLike;
  readonly closed: boolean;
  scan(data: string, aim?: string): void;
  sendReport(report: Uint8Array): void;
  /** node-hid reports a pulled cable as an 'error' event. */
  unplug(): void;
}

export function createFakeHidScanner(): FakeHidScanner {
  const onData = new Set<(report: Uint8Array) => void>();
  const onError = new Set<(err: Error) => void>();
  let closed = false;
  const device: HidDeviceLike = {
    on(event: 'data' | 'error', listener: ((report: Uint8Array) => void) | ((err: Error) => void)) {
      if (event === 'data') onData.add(listener as (report: Uint8Array) => void);
      else onError.add(listener as (err: Error) => void);
      return device;
    },
    removeAllListeners(event?: string) {
      if (!event || event === 'data') onData.clear();
      if (!event || event === 'error') onError.clear();
      return device;
    },
    close() {
      closed = true;
    },
  };
  const send = (report: Uint8Array): void => {
    if (!closed) for (const cb of [...onData]) cb(report);
  };
  return {
    device,
    get closed() {
      return closed;
    },
    scan(text, aim) {
      for (const r of encodeHidPosReports(new TextEncoder().encode(text), aim)) send(r);
    },
    sendReport: send,
    unplug() {
      for (const cb of [...onError]) cb(new Error('could not read from HID device'));
    },
  };
}
