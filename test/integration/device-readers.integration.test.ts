// Every reader class through the host's device manager: simulators on PTYs, the real
// drivers in the device worker, and only masked data coming back across the boundary.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../electron/bridge/event-bus.js';
import { DeviceManager } from '../../electron/host/device-manager.node.js';
import { devicesConfigSchema } from '../../electron/host/devices/device-config.js';
import { createLogger } from '../../electron/host/log.node.js';
import type { BarcodeSimulator } from '../../drivers/barcode/simulator.node.js';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { MrzSimulator } from '../../drivers/id/mrz/simulator.node.js';

const PAN = '6225880137706884';
const MRZ_TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
let manager: DeviceManager;
const logLines: string[] = [];
const events: { role: string; name: string; payload: unknown }[] = [];

beforeAll(async () => {
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (c: Buffer, _e, done) => (logLines.push(c.toString()), done()) }) });
  const devices = devicesConfigSchema.parse([
    { role: 'card', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'simulated' } },
    { role: 'passport', kind: 'id-reader', driver: 'mrz', transport: { type: 'simulated' } },
    { role: 'scanner', kind: 'barcode-scanner', driver: 'barcode-serial', transport: { type: 'simulated' } },
  ]);
  manager = new DeviceManager(devices, new EventBus(), log, { hotplugPollMs: 0 });
  manager.onDeviceEvent((e) => events.push(e));
  await manager.start();
  // Starting the worker and its PTY simulators took over 15 s on a loaded 2-core machine: wait
  // for readiness up to just under the hook's own limit.
  await vi.waitFor(() => expect(manager.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready']), { timeout: 55_000, interval: 100 });
}, 60_000);
afterAll(async () => {
  await manager?.close();
});

describe('reader devices through the device worker', () => {
  it('has every configured reader ready', () => {
    expect(manager.list().map((d) => [d.role, d.state])).toEqual([
      ['card', 'ready'],
      ['passport', 'ready'],
      ['scanner', 'ready'],
    ]);
  });

  it('reports a swipe with the PAN masked, and the PAN reaches neither the host nor its log', async () => {
    await (manager.simulatorControls('card') as MsrSimulator).swipe({ pan: PAN, name: { surname: 'ZHANG', given: 'SAN' }, expiry: { year: 2029, month: 12 }, serviceCode: '201' });
    await expect.poll(() => events.find((e) => e.name === 'card')).toBeTruthy();
    const card = events.find((e) => e.name === 'card')!;
    expect(card.payload).toMatchObject({ maskedPan: '622588******6884', last4: '6884' });
    expect(JSON.stringify(events)).not.toContain(PAN);
    expect(logLines.join('')).not.toContain(PAN);
    expect(logLines.join('')).not.toContain('ZHANG');
  });

  it('reports a passport MRZ as a masked document', async () => {
    await (manager.simulatorControls('passport') as MrzSimulator).present(MRZ_TD3);
    await expect.poll(() => events.find((e) => e.name === 'document')).toBeTruthy();
    const doc = events.find((e) => e.name === 'document')!.payload as Record<string, unknown>;
    expect(doc).toMatchObject({ kind: 'passport' });
    expect(JSON.stringify(doc)).not.toContain('L898902C3');
    expect(logLines.join('')).not.toContain('ERIKSSON');
  });

  it('classifies a scanned ticket QR code', async () => {
    await (manager.simulatorControls('scanner') as BarcodeSimulator).scan('BKT:0190a1b2-0000-7000-8000-000000000001');
    await expect.poll(() => events.find((e) => e.name === 'scan')).toBeTruthy();
    expect(events.find((e) => e.name === 'scan')!.payload).toMatchObject({ kind: { kind: 'ticket' } });
  });

  it('turns a bad read into a coded error naming the field, and the reader keeps working', async () => {
    const msr = manager.simulatorControls('card') as MsrSimulator;
    // Each swipe is checked against the errors that came after it, not against any error so far.
    const cardErrors = () => events.filter((e) => e.name === 'read-error' && e.role === 'card').map((e) => e.payload);
    const cardReads = () => events.filter((e) => e.name === 'card').length;
    const [errorsBefore, readsBefore] = [cardErrors().length, cardReads()];
    await msr.swipe({ pan: '6225880137706888', expiry: { year: 2030, month: 1 }, serviceCode: '101' });
    await expect.poll(() => cardErrors().slice(errorsBefore)).toEqual([{ code: 'READ_ERROR', field: 'PAN_LUHN' }]);
    await msr.swipeUnreadable();
    await expect.poll(() => cardErrors().slice(errorsBefore)).toEqual([
      { code: 'READ_ERROR', field: 'PAN_LUHN' },
      { code: 'READ_ERROR', field: 'TRACK_READ_ERROR' },
    ]);
    await msr.swipe({ pan: '4111111111111111', expiry: { year: 2030, month: 1 }, serviceCode: '101' });
    await expect.poll(() => cardReads()).toBe(readsBefore + 1);
    expect(cardErrors()).toHaveLength(errorsBefore + 2);
  });
});
