// A serial transport found by USB VID:PID instead of a device path: ttyUSB numbers move when
// adapters are replugged, the VID:PID does not. Resolved at every open, so a replug works.
import { SerialPort } from 'serialport';
import type { ByteTransport } from '../../../drivers/transports/byte-transport.js';
import { TransportError } from '../../../drivers/transports/byte-transport.js';
import { createSerialTransport } from '../../../drivers/transports/serial.node.js';
import { discoveryFailureReason } from './discovery.node.js';

export function createUsbSerialTransport(opts: { vendorId: string; productId: string; baudRate: number }): ByteTransport {
  const description = `usb-serial ${opts.vendorId}:${opts.productId}@${opts.baudRate}`;
  let inner: ByteTransport | null = null;
  const dataCbs = new Set<(b: Uint8Array) => void>();
  const stateCbs = new Set<(s: 'open' | 'closed') => void>();
  return {
    description,
    get state() {
      return inner?.state ?? 'closed';
    },
    async open() {
      // Listing needs udevadm; without it the VID:PID cannot be resolved, and the reason says why.
      const ports = await SerialPort.list().catch((err: unknown) => {
        throw new TransportError('CONNECT_FAILED', `cannot look for USB serial device ${opts.vendorId}:${opts.productId}: ${discoveryFailureReason(err)}; or configure its path (transport type serial, /dev/kiosk/<role>)`, { cause: err });
      });
      const match = ports.find((p) => p.vendorId?.toLowerCase() === opts.vendorId.toLowerCase() && p.productId?.toLowerCase() === opts.productId.toLowerCase());
      if (!match) throw new TransportError('CONNECT_FAILED', `no USB serial device ${opts.vendorId}:${opts.productId} is plugged in`);
      inner = createSerialTransport({ path: match.path, baudRate: opts.baudRate });
      inner.onData((b) => dataCbs.forEach((cb) => cb(b)));
      inner.onState((s) => stateCbs.forEach((cb) => cb(s)));
      await inner.open();
    },
    write: (bytes) => (inner ? inner.write(bytes) : Promise.reject(new TransportError('NOT_OPEN', `${description} is not open`))),
    onData: (cb) => (dataCbs.add(cb), () => void dataCbs.delete(cb)),
    onState: (cb) => (stateCbs.add(cb), () => void stateCbs.delete(cb)),
    close: async () => {
      await inner?.close();
    },
  };
}
