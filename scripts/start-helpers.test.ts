import { describe, expect, it } from 'vitest';
import { devicesConfigSchema } from '../electron/host/devices/device-config.js';
import { demoDevices } from './start-helpers.js';

describe('npm start demo devices', () => {
  it('simulates what bill payment, ID-card sign-in, account opening and card replacement need where socat can make the serial pairs', () => {
    const { devices, missing } = demoDevices(true);
    expect(devices.map((d) => d.kind)).toEqual(['receipt-printer', 'card-reader', 'pin-pad', 'barcode-scanner', 'id-reader', 'id-reader', 'card-dispenser']);
    expect(missing).toBeNull();
    expect(devicesConfigSchema.safeParse(devices).success).toBe(true);
  });

  it('keeps the printer without socat and says what is missing and how to get it', () => {
    const { devices, missing } = demoDevices(false);
    expect(devices.map((d) => d.kind)).toEqual(['receipt-printer']);
    expect(missing).toContain('apt-get install socat');
  });
});
