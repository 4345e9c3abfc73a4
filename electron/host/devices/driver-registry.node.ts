// Builds a DeviceHandle from a device's config. One entry per driver name; the worker is the
// only place drivers are instantiated.
import { createEscPosPrinter, PrinterError, receiptDocumentSchema } from '../../../drivers/escpos/index.js';
import type { ByteTransport } from '../../../drivers/transports/byte-transport.js';
import { createSerialTransport } from '../../../drivers/transports/serial.node.js';
import { createTcpTransport } from '../../../drivers/transports/tcp.node.js';
import type { DriverLogger } from '../../../drivers/shared/logger.js';
import { DeviceCallError, type DeviceHandle } from './device-handle.js';
import type { DeviceConfig } from './device-config.js';

export type DriverFactory = (config: DeviceConfig, log: DriverLogger) => DeviceHandle;

function byteTransport(config: DeviceConfig): ByteTransport {
  const t = config.transport;
  if (t.type === 'tcp') return createTcpTransport({ host: t.host, port: t.port });
  if (t.type === 'serial') return createSerialTransport({ path: t.path, baudRate: t.baudRate });
  throw new DeviceCallError('CONFIG', `driver ${config.driver} cannot use a ${t.type} transport (role ${config.role})`);
}

const escpos: DriverFactory = (config, log) => {
  const printer = createEscPosPrinter({ transport: byteTransport(config), log });
  return {
    role: config.role,
    health: () => printer.health,
    onHealth: (cb) => void printer.onHealth(cb),
    onEvent: () => undefined,
    open: () => printer.open(),
    close: () => printer.close(),
    async call(method, args) {
      try {
        if (method === 'print') return await printer.print(receiptDocumentSchema.parse(args));
        if (method === 'status') return await printer.getStatus();
      } catch (err) {
        if (err instanceof PrinterError) throw new DeviceCallError(err.code, err.message);
        throw err;
      }
      throw new DeviceCallError('UNKNOWN_METHOD', `receipt printer has no method ${method}`);
    },
  };
};

export const driverFactories: Readonly<Record<string, DriverFactory>> = { escpos };
