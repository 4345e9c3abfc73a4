// The MRZ reader over a socat PTY pair with the real serialport transport, as with a
// USB-serial OCR scanner.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceReadError, IdDocument, IdReader } from '../../device-classes.js';
import { createSerialTransport } from '../../transports/serial.node.js';
import { createMrzReader } from './reader.js';
import { startMrzSimulator, type MrzSimulator } from './simulator.node.js';
import { nextEvent, withinLimit } from '../../shared/next-event.testing.js';

const TD1 = ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'];

describe('MRZ reader over a serial PTY (socat)', () => {
  let sim: MrzSimulator | undefined;
  let reader: IdReader | undefined;
  afterEach(async () => {
    await reader?.close();
    await sim?.close();
  });

  it('reads STX/ETX-framed documents after noise, and goes offline when unplugged', async () => {
    sim = await startMrzSimulator({ framing: { kind: 'stx-etx' } });
    reader = createMrzReader({ transport: createSerialTransport({ path: sim.path, baudRate: 115200 }), framing: { kind: 'stx-etx' } });
    await reader.open();
    const r = reader;
    const doc = nextEvent<IdDocument>('the document',(cb) => r.onDocument(cb));
    await withinLimit('sending noise', sim.sendRaw('\x15\x00noise'));
    await withinLimit('presenting the document', sim.present(TD1));
    expect(await doc).toMatchObject({ kind: 'id-card', documentNumber: 'D23145890734', surname: 'STEVENSON' });

    const err = nextEvent<DeviceReadError>('the expiry error',(cb) => r.onError(cb));
    await sim.present([TD1[0] ?? '', (TD1[1] ?? '').replace('M95', 'M96'), TD1[2] ?? '']);
    expect(await err).toMatchObject({ code: 'EXPIRY_CHECK', field: 'expiryDate' });

    const offline = nextEvent('offline after unplug', (cb) => r.onHealth((h) => h.state === 'offline' && cb(h)));
    await sim.close();
    sim = undefined;
    expect(await offline).toMatchObject({ reason: 'disconnected' });
  });
});
