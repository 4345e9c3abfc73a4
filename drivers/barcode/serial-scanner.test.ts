import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { BarcodeScan, DeviceReadError } from '../device-classes.js';
import { createMemoryTransport } from '../transports/memory-transport.js';
import { encodeSerialScan, type BarcodeFraming } from './codec/serial-frame.js';
import { createSerialBarcodeScanner, type SerialBarcodeScannerOptions } from './serial-scanner.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const settle = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

function setup(extra: Partial<SerialBarcodeScannerOptions> = {}) {
  const { transport, device } = createMemoryTransport('memory://scanner');
  const scanner = createSerialBarcodeScanner({ transport, frameTimeoutMs: 40, ...extra });
  const scans: BarcodeScan[] = [];
  const errors: DeviceReadError[] = [];
  scanner.onScan((s) => scans.push(s));
  scanner.onError((e) => errors.push(e));
  return { scanner, device, scans, errors };
}

describe('serial barcode scanner', () => {
  it('emits scans with their symbology from the AIM identifier', async () => {
    const framing: BarcodeFraming = { suffix: 'CRLF', aim: true };
    const { scanner, device, scans } = setup(framing);
    await scanner.open();
    expect(scanner.health.state).toBe('ready');
    const bytes = Uint8Array.from([...encodeSerialScan(utf8('BKT:0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f'), framing, ']Q1'), ...encodeSerialScan(utf8('6901234567892'), framing, ']E0')]);
    for (let i = 0; i < bytes.length; i += 5) device.write(bytes.slice(i, i + 5));
    await settle();
    expect(scans).toEqual([{ data: 'BKT:0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f', symbology: 'qr' }, { data: '6901234567892', symbology: 'ean-upc' }]);
    await scanner.close();
  });

  it('drops a torn scan after the quiet period and goes on', async () => {
    const { scanner, device, scans, errors } = setup({ suffix: 'TAB' });
    await scanner.open();
    device.write(utf8('half a co'));
    await settle(80);
    device.write(utf8('whole\t'));
    await settle();
    expect(errors.map((e) => e.code)).toEqual(['TRUNCATED']);
    expect(scans).toEqual([{ data: 'whole' }]);
    device.unplug();
    expect(scanner.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
  });

  it('logs symbology and length, never the scanned data', async () => {
    const lines: string[] = [];
    const { scanner, device, scans } = setup({ suffix: 'CR', log: pino({ level: 'debug' }, { write: (l: string) => lines.push(l) }) });
    await scanner.open();
    device.write(utf8('BKT:0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f\r'));
    await settle();
    await scanner.close();
    expect(scans).toHaveLength(1);
    expect(lines.join('\n')).toContain('barcode scanned');
    expect(lines.join('\n')).not.toContain('0190c2a4');
  });
});
