// Opening a reader's serial link is the same for every line-framed reader: an unreachable
// port marks the device offline/disconnected and surfaces as a typed OFFLINE error.
import type { DeviceHealthMachine } from '../shared/device-health.js';
import type { ByteTransport } from '../transports/byte-transport.js';
import { IdReaderError } from './read-error.js';

export async function openReaderLink(transport: ByteTransport, health: DeviceHealthMachine<string>, device: string): Promise<void> {
  try {
    await transport.open();
  } catch (err) {
    health.set('offline', 'disconnected');
    throw new IdReaderError('OFFLINE', `cannot reach ${device}`, { cause: err });
  }
}
