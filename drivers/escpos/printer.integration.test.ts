// The same driver suite over a socat PTY pair: the driver uses the real serialport
// transport, as it would with a USB-serial receipt printer.
import { createSerialTransport } from '../transports/serial.node.js';
import { printerContract } from './printer.contract.js';

printerContract('a serial PTY (socat)', {
  simulator: { pty: true },
  transport(endpoint) {
    if (endpoint.kind !== 'serial') throw new Error('expected a PTY simulator');
    return createSerialTransport({ path: endpoint.path, baudRate: 115200 });
  },
});
