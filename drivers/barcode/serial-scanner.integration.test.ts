// The serial scanner driver over a socat PTY pair with the real serialport transport.
import { afterEach, describe, expect, it } from 'vitest';
import type { BarcodeScan, BarcodeScanner } from '../device-classes.js';
import { createSerialTransport } from '../transports/serial.node.js';
import { classifyScan } from './codec/classify.js';
import { createSerialBarcodeScanner } from './serial-scanner.js';
import { startBarcodeSimulator, type BarcodeSimulator } from './simulator.node.js';
import { nextEvent, withinLimit } from '../shared/next-event.testing.js';

const nextScan = (scanner: BarcodeScanner, label: string): Promise<BarcodeScan> => nextEvent(label, (cb) => scanner.onScan(cb));

describe('serial barcode scanner over a PTY (socat)', () => {
  let sim: BarcodeSimulator | undefined;
  let scanner: BarcodeScanner | undefined;
  afterEach(async () => {
    await scanner?.close();
    await sim?.close();
  });

  it('delivers a ticket QR code and a bill QR code, classified', async () => {
    sim = await withinLimit('starting the simulator', startBarcodeSimulator({ suffix: 'CRLF', aim: true }));
    const s = createSerialBarcodeScanner({ transport: createSerialTransport({ path: sim.path, baudRate: 9600 }), suffix: 'CRLF', aim: true });
    scanner = s;
    await withinLimit('opening the scanner', s.open());
    const ticket = nextScan(s, 'the ticket scan');
    await withinLimit('sending the ticket code', sim.scan('BKT:0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f', ']Q1'));
    const first = await ticket;
    expect(first.symbology).toBe('qr');
    expect(classifyScan(first.data)).toEqual({ kind: 'ticket', ticketId: '0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f' });
    const bill = nextScan(s, 'the bill scan');
    await withinLimit('sending the bill code', sim.scan('SPC\n0200\n1\nCH4431999123000889012\n', ']Q1'));
    expect(classifyScan((await bill).data)).toEqual({ kind: 'bill', scheme: 'swiss-qr' });
    const offline = nextEvent('offline after unplug', (cb) => s.onHealth((h) => h.state === 'offline' && cb(h)));
    await withinLimit('unplugging', sim.close());
    sim = undefined;
    expect(await offline).toMatchObject({ reason: 'disconnected' });
  });
});
