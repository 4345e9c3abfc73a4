// A serial barcode scanner on the far end of a socat PTY pair: `scan()` sends a code framed
// the way the configured scanner does (prefix, AIM id, suffix); `sendRaw()` injects anything.
import { openPtySimEndpoint } from '../transports/pty-endpoint.node.js';
import { encodeSerialScan, type BarcodeFraming } from './codec/serial-frame.js';

export interface BarcodeSimulator {
  /** The serial path the driver opens. */
  readonly path: string;
  scan(data: string, aim?: string): Promise<void>;
  sendRaw(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export async function startBarcodeSimulator(framing: BarcodeFraming = { suffix: 'CR' }): Promise<BarcodeSimulator> {
  const end = await openPtySimEndpoint(9600);
  return {
    path: end.path,
    scan: (data, aim) => end.write(encodeSerialScan(new TextEncoder().encode(data), framing, aim)),
    sendRaw: (bytes) => end.write(bytes),
    close: () => end.close(),
  };
}
