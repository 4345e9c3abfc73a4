// The resident ID card reader driver against the simulated SAM module over a socat PTY
// pair, with the real serialport transport: the path a USB-serial reader takes.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceReadError, IdDocument, IdReader } from '../../device-classes.js';
import { createSerialTransport } from '../../transports/serial.node.js';
import { createChinaIdReader } from './reader.js';
import { SAMPLE_CARD } from './sim/sample-card.js';
import { startChinaIdSimulator, type ChinaIdSimulator } from './simulator.node.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('China ID reader over a serial PTY (socat)', () => {
  let sim: ChinaIdSimulator | undefined;
  let reader: IdReader | undefined;
  afterEach(async () => {
    await reader?.close();
    await sim?.close();
  });

  it('reads a card through noise, a torn reply and a bad checksum, then sees the unplug', async () => {
    sim = await startChinaIdSimulator();
    const r = createChinaIdReader({ transport: createSerialTransport({ path: sim.path, baudRate: 115200 }), pollIntervalMs: 30, responseTimeoutMs: 300, readTimeoutMs: 800 });
    reader = r;
    const docs: IdDocument[] = [];
    const errors: DeviceReadError[] = [];
    r.onDocument((d) => docs.push(d));
    r.onError((e) => errors.push(e));
    await r.open();
    expect(r.health.state).toBe('ready');

    sim.reader.injectGarbage(Uint8Array.of(0x00, 0xaa, 0xaa, 0x42));
    sim.reader.tearNextReply(700, 60);
    sim.reader.placeCard({ text: SAMPLE_CARD, photo: new Uint8Array(1024).fill(0x5a) });
    await until(() => docs.length === 1, 'the card');
    expect(docs[0]).toMatchObject({ documentNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'F', issueDate: '2020-01-01', expiryDate: null });
    expect(docs[0]?.photo?.[1023]).toBe(0x5a);

    sim.reader.removeCard();
    await sleep(100);
    sim.reader.corruptNextChecksum();
    await until(() => errors.some((e) => e.code === 'CHECKSUM'), 'the checksum error');
    sim.reader.placeCard({ text: { ...SAMPLE_CARD, validTo: '20400101' } });
    await until(() => docs.length === 2, 'the second card');
    expect(docs[1]?.expiryDate).toBe('2040-01-01');

    await sim.close();
    sim = undefined;
    await until(() => r.health.state === 'offline', 'offline after unplug');
    expect(r.health.reason).toBe('disconnected');
  });
});
