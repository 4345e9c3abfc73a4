import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, defaultConfig } from '../config.js';
import { DRIVERS } from './device-config.js';
import { driverFactories } from './driver-registry.node.js';
import { simulatedDrivers } from './simulator-registry.node.js';

const withDevices = (devices: unknown[]) => () => parseConfig({ ...defaultConfig, devices });

describe('device config: drivers', () => {
  it('refuses an unknown driver, naming the role and the known drivers', () => {
    const parse = withDevices([{ role: 'scanner', kind: 'barcode-scanner', driver: 'foo', transport: { type: 'serial', path: '/dev/ttyACM0' } }]);
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(`devices[scanner].driver: unknown driver "foo" (known: ${Object.keys(DRIVERS).join(', ')})`);
  });

  it('refuses a driver of another device class', () => {
    expect(withDevices([{ role: 'x', kind: 'receipt-printer', driver: 'msr-hid', transport: { type: 'hid', vendorId: '0801', productId: '0002' } }])).toThrow(
      'devices[x]: driver msr-hid is a card-reader, not a receipt-printer',
    );
  });

  it('refuses a transport the driver cannot use', () => {
    expect(withDevices([{ role: 'card', kind: 'card-reader', driver: 'msr-hid', transport: { type: 'serial', path: '/dev/ttyS0' } }])).toThrow(
      'devices[card].transport.type: driver msr-hid cannot use a serial transport (it takes: hid)',
    );
    expect(withDevices([{ role: 'licence', kind: 'id-reader', driver: 'aamva', transport: { type: 'simulated' } }])).toThrow(/cannot use a simulated transport/);
  });

  it('accepts every driver with its own kind and first transport', () => {
    for (const [driver, { kind, transports }] of Object.entries(DRIVERS)) {
      const transport = { tcp: { type: 'tcp', host: 'p1' }, serial: { type: 'serial', path: '/dev/ttyS0' }, 'usb-serial': { type: 'usb-serial', vendorId: '10c4', productId: 'ea60' }, hid: { type: 'hid', vendorId: '0801', productId: '0002' }, pcsc: { type: 'pcsc' }, simulated: { type: 'simulated' } }[transports[0]!];
      expect(() => withDevices([{ role: 'r', kind, driver, transport }])(), driver).not.toThrow();
    }
  });

  it('lists exactly the drivers the worker can run and the simulators that exist', () => {
    expect(Object.keys(DRIVERS).sort()).toEqual(Object.keys(driverFactories).sort());
    expect(Object.keys(DRIVERS).filter((d) => DRIVERS[d]!.transports.includes('simulated')).sort()).toEqual([...simulatedDrivers].sort());
  });
});
