import { describe, expect, it } from 'vitest';
import type { BarcodeScan, DeviceReadError } from '../device-classes.js';
import { createHidBarcodeScanner } from './hid-scanner.js';
import { createFakeHidScanner } from './sim/fake-hid.js';

describe('HID POS barcode scanner', () => {
  it('assembles multi-report scans, reports bad reports and sees the unplug', async () => {
    const fake = createFakeHidScanner();
    const scanner = createHidBarcodeScanner({ openDevice: () => fake.device, description: 'hid://0c2e:0b8f' });
    const scans: BarcodeScan[] = [];
    const errors: DeviceReadError[] = [];
    scanner.onScan((s) => scans.push(s));
    scanner.onError((e) => errors.push(e));
    await scanner.open();
    expect(scanner.health.state).toBe('ready');
    const long = `BKT:0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f ${'电费账单'.repeat(20)}`;
    fake.scan(long, ']Q1');
    fake.scan('6901234567892');
    const bad = new Uint8Array(64);
    bad.set([0x02, 250]);
    fake.sendReport(bad);
    expect(scans).toEqual([{ data: long, symbology: 'qr' }, { data: '6901234567892' }]);
    expect(errors.map((e) => e.code)).toEqual(['LENGTH']);
    fake.unplug();
    expect(scanner.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.closed).toBe(true);
    await scanner.close();
  });

  it('rejects open when the device cannot be opened', async () => {
    const scanner = createHidBarcodeScanner({
      openDevice: () => {
        throw new Error('cannot open device with vendor id 0x0c2e');
      },
    });
    await expect(scanner.open()).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(scanner.health.state).toBe('offline');
  });
});
