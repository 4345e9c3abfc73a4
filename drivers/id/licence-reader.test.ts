import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { DeviceReadError, IdDocument } from '../device-classes.js';
import { createHidBarcodeScanner } from '../barcode/hid-scanner.js';
import { createFakeHidScanner } from '../barcode/sim/fake-hid.js';
import { encodeAamvaFile } from './codec/aamva.js';
import { createLicenceReader } from './licence-reader.js';

const LICENCE = encodeAamvaFile({
  iin: '636000',
  aamvaVersion: 8,
  jurisdictionVersion: 0,
  subfiles: [{ type: 'DL', elements: [['DAQ', 'T64235789'], ['DCS', 'SAMPLE'], ['DAC', 'MICHAEL'], ['DAD', 'JOHN'], ['DBB', '06061986'], ['DBA', '12102030'], ['DBC', '1'], ['DAG', '2300 WEST BROAD STREET'], ['DAJ', 'VA'], ['DCG', 'USA']] }],
});

describe('driver licence reader on a 2D scanner', () => {
  it('emits licences, reports broken ones, ignores other codes and keeps personal data out of the log', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (l: string) => lines.push(l) });
    const fake = createFakeHidScanner();
    const scanner = createHidBarcodeScanner({ openDevice: () => fake.device, log });
    const reader = createLicenceReader({ scanner, log });
    const docs: IdDocument[] = [];
    const errors: DeviceReadError[] = [];
    reader.onDocument((d) => docs.push(d));
    reader.onError((e) => errors.push(e));
    await reader.open();
    expect(reader.health.state).toBe('ready');
    fake.scan(LICENCE, ']L2');
    fake.scan('BKT:0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f', ']Q1');
    fake.scan(LICENCE.replace('DBB06061986', 'DBB13061986'), ']L2');
    expect(docs.map((d) => [d.kind, d.documentNumber, d.givenNames, d.birthDate])).toEqual([['drivers-licence', 'T64235789', 'MICHAEL JOHN', '1986-06-06']]);
    expect(errors.map((e) => [e.code, e.field])).toEqual([['DATE', 'DBB']]);
    fake.unplug();
    expect(reader.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
    await reader.close();
    const logged = lines.join('\n');
    expect(logged).toContain('document read');
    for (const personal of ['T64235789', 'SAMPLE', 'MICHAEL', 'WEST BROAD', '06061986']) expect(logged).not.toContain(personal);
  });
});
