// serialport, loaded on first use: the package with its native binding costs ~20 ms to
// require, and the host needs it only once a simulator or a device listing runs — after the
// kiosk page is served (cold start, issue 15), not while the bundle loads.
import type * as SerialPortModule from 'serialport';

let loading: Promise<typeof SerialPortModule> | null = null;

export function loadSerialPort(): Promise<typeof SerialPortModule> {
  loading ??= import('serialport');
  return loading;
}
