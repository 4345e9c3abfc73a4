// serialport, loaded on first use: the package with its native binding costs ~20 ms to
// require, and the host needs it only once a simulator or a device listing runs — after the
// kiosk page is served (cold start, issue 15), not while the bundle loads. A require, not an
// import(): the bundled host runs from a V8 code cache (electron/host/code-cache.node.ts),
// where dynamic import() has no loader.
import { createRequire } from 'node:module';
import type * as SerialPortModule from 'serialport';

let loaded: typeof SerialPortModule | null = null;

export async function loadSerialPort(): Promise<typeof SerialPortModule> {
  loaded ??= createRequire(import.meta.url)('serialport') as typeof SerialPortModule;
  return loaded;
}
