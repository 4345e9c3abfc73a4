// An in-memory ByteTransport with a device end, for unit tests of drivers and simulators
// without sockets or PTYs. `device.write` delivers to the driver; what the driver writes
// reaches `device.onData`. `unplug()` is what a pulled cable looks like.
import { createListeners } from '../shared/listeners.js';
import { TransportError, type ByteTransport, type TransportState } from './byte-transport.js';

export interface MemoryDeviceEnd {
  write(bytes: Uint8Array): void;
  onData(cb: (bytes: Uint8Array) => void): () => void;
  unplug(): void;
  /** When false, open() rejects as if the port did not exist. */
  present: boolean;
}

export function createMemoryTransport(description = 'memory://device'): { transport: ByteTransport; device: MemoryDeviceEnd } {
  const toDriver = createListeners<Uint8Array>();
  const toDevice = createListeners<Uint8Array>();
  const states = createListeners<TransportState>();
  let state: TransportState = 'closed';
  const setState = (next: TransportState): void => {
    if (next === state) return;
    state = next;
    states.emit(next);
  };
  const device: MemoryDeviceEnd = {
    present: true,
    // Delivered on a later tick, as a real port would: a reply never arrives inside write().
    write: (bytes) => {
      const copy = bytes.slice();
      setTimeout(() => {
        if (state === 'open') toDriver.emit(copy);
      }, 0);
    },
    onData: (cb) => toDevice.add(cb),
    unplug: () => setState('closed'),
  };
  const transport: ByteTransport = {
    description,
    get state() {
      return state;
    },
    async open() {
      if (!device.present) throw new TransportError('CONNECT_FAILED', `${description} is not present`);
      setState('open');
    },
    async write(bytes) {
      if (state !== 'open') throw new TransportError('NOT_OPEN', `${description} is not open`);
      const copy = bytes.slice();
      setTimeout(() => toDevice.emit(copy), 0);
    },
    onData: (cb) => toDriver.add(cb),
    onState: (cb) => states.add(cb),
    async close() {
      setState('closed');
    },
  };
  return { transport, device };
}
