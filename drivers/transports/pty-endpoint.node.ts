// The simulator's end of a socat PTY pair: the driver opens `path` with the real serial
// transport, the simulator reads and writes here. Closing kills socat, which hangs up the
// driver's end exactly like an unplugged USB-serial adapter.
import { loadSerialPort } from './serialport-module.node.js';
import { openPtyPair } from './pty-pair.node.js';

export interface PtySimEndpoint {
  /** The path the driver opens. */
  readonly path: string;
  write(bytes: Uint8Array): Promise<void>;
  onData(cb: (bytes: Uint8Array) => void): void;
  close(): Promise<void>;
}

/** `dir`: see PtyPairOptions.dir (a simulator that can be plugged back in). */
export async function openPtySimEndpoint(baudRate = 115200, opts: { dir?: string } = {}): Promise<PtySimEndpoint> {
  const { SerialPort } = await loadSerialPort();
  const pair = await openPtyPair(opts.dir === undefined ? {} : { dir: opts.dir });
  const port = new SerialPort({ path: pair.simPath, baudRate, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    await pair.close();
    throw err;
  }
  port.on('error', () => undefined);
  return {
    path: pair.driverPath,
    write: (bytes) =>
      new Promise((resolve) => {
        if (!port.isOpen) return resolve();
        // drain: the bytes are in the PTY before the caller's next step (a tear, a delay).
        port.write(Buffer.from(bytes), () => port.drain(() => resolve()));
      }),
    onData: (cb) => port.on('data', (chunk: Buffer) => cb(new Uint8Array(chunk))),
    async close() {
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      await pair.close();
    },
  };
}
