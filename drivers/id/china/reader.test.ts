import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceHealthEvent, DeviceReadError, IdDocument, IdReader } from '../../device-classes.js';
import { createMemoryTransport } from '../../transports/memory-transport.js';
import { SAMPLE_CARD } from './sim/sample-card.js';
import { SimulatedSamReader } from './sim/model.js';
import { createChinaIdReader, type ChinaIdReaderOptions } from './reader.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

let reader: IdReader | undefined;
afterEach(async () => {
  await reader?.close();
  reader = undefined;
});

function setup(extra: Partial<ChinaIdReaderOptions> = {}) {
  const { transport, device } = createMemoryTransport('memory://cn-id');
  const sam = new SimulatedSamReader();
  const conn = sam.connect((bytes) => device.write(bytes));
  device.onData((bytes) => conn.receive(bytes));
  const r = createChinaIdReader({ transport, pollIntervalMs: 15, responseTimeoutMs: 80, readTimeoutMs: 150, ...extra });
  reader = r;
  const docs: IdDocument[] = [];
  const errors: DeviceReadError[] = [];
  const health: DeviceHealthEvent[] = [];
  r.onDocument((d) => docs.push(d));
  r.onError((e) => errors.push(e));
  r.onHealth((h) => health.push(h));
  return { r, sam, device, docs, errors, health };
}

describe('China resident ID card reader', () => {
  it('polls find → select → read and emits the card once per placement', async () => {
    const { r, sam, docs, errors, health } = setup();
    await r.open();
    expect(r.health.state).toBe('ready');
    await sleep(50);
    expect(docs).toEqual([]);
    sam.placeCard({ text: SAMPLE_CARD, photo: new Uint8Array(1024).fill(9) });
    await until(() => docs.length === 1, 'the card');
    expect(docs[0]).toMatchObject({ kind: 'cn-resident-id', documentNumber: '11010519491231002X', surname: '测试员', nation: '汉', expiryDate: null });
    expect(docs[0]?.photo?.length).toBe(1024);
    // Status check at open, then polls; the read is the find → select → read sequence.
    expect(sam.requests[0]).toBe('11 ff');
    const read = sam.requests.indexOf('30 01');
    expect(sam.requests.slice(read - 2, read + 1)).toEqual(['20 01', '20 02', '30 01']);
    await sleep(80);
    expect(docs).toHaveLength(1);
    sam.removeCard();
    await sleep(40);
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 2, 'the second placement');
    expect(errors).toEqual([]);
    expect(health.map((h) => h.state)).toContain('busy');
  });

  it('reads a card only once even when the reader keeps finding it', async () => {
    const { r, sam, docs } = setup();
    sam.findsAfterRead = true;
    sam.placeCard({ text: SAMPLE_CARD });
    await r.open();
    await until(() => docs.length === 1, 'the card');
    await sleep(100);
    expect(docs).toHaveLength(1);
    expect(sam.requests.filter((q) => q === '30 01')).toHaveLength(1);
  });

  it('survives noise, a torn reply and a wrong checksum', async () => {
    const { r, sam, docs, errors } = setup();
    await r.open();
    sam.injectGarbage(Uint8Array.of(0xaa, 0x00, 0xaa, 0xaa, 0x13));
    sam.tearNextReply(3, 30);
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 1, 'the card after noise and a tear');
    sam.removeCard();
    await sleep(40);
    sam.corruptNextChecksum();
    await until(() => errors.length === 1, 'the checksum error');
    expect(errors[0]).toMatchObject({ code: 'CHECKSUM', field: 'frame' });
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 2, 'the card after the checksum error');
  });

  it('goes offline when replies are too slow and recovers when they speed up', async () => {
    const { r, sam, docs } = setup();
    await r.open();
    sam.responseDelayMs = 150;
    await until(() => r.health.state === 'offline', 'offline');
    expect(r.health.reason).toBe('no-response');
    sam.responseDelayMs = 20;
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 1, 'the card from a slow reader', 3000);
    await until(() => r.health.state === 'ready', 'ready again');
  });

  it('reports bad card data once per placement with the failing field', async () => {
    const { r, sam, docs, errors } = setup();
    sam.findsAfterRead = true;
    await r.open();
    sam.placeCard({ text: { ...SAMPLE_CARD, idNumber: '110105194912310021' } });
    await until(() => errors.length === 1, 'the error');
    await sleep(80);
    expect(errors).toEqual([{ code: 'ID_CHECK_DIGIT', field: 'idNumber', message: expect.any(String) }]);
    expect(docs).toEqual([]);
  });

  it('retries a card that fails to read, then gives up with one error', async () => {
    const { r, sam, docs, errors } = setup();
    await r.open();
    sam.failNextReads(2);
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 1, 'the card after two failed reads');
    expect(errors).toEqual([]);
    sam.removeCard();
    await sleep(40);
    sam.failNextReads(10);
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => errors.length === 1, 'the read error');
    await sleep(60);
    expect(errors.map((e) => [e.code, e.field])).toEqual([['READ_FAILED', 'readBaseInfo']]);
  });

  it('shows a SAM fault as error health, and rejects open when the reader is mute', async () => {
    const { r, sam, errors } = setup();
    sam.samStatus = 0x60;
    await r.open();
    expect(r.health).toMatchObject({ state: 'error', reason: 'reader-fault' });
    expect(errors.map((e) => e.code)).toEqual(['SAM_SELF_TEST_FAILED']);
    await r.close();
    const mute = setup();
    mute.sam.mute = true;
    await expect(mute.r.open()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(mute.r.health).toMatchObject({ state: 'offline', reason: 'no-response' });
  });

  it('goes offline on unplug', async () => {
    const { r, device } = setup();
    await r.open();
    device.unplug();
    expect(r.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
  });

  it('never logs personal data', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const { r, sam, docs, errors } = setup({ log });
    await r.open();
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 1, 'the card');
    sam.removeCard();
    await sleep(40);
    sam.placeCard({ text: { ...SAMPLE_CARD, birth: '19491230' } });
    await until(() => errors.length === 1, 'the mismatch');
    await r.close();
    const logged = lines.join('\n');
    expect(logged).toContain('document read');
    expect(logged).toContain('BIRTH_MISMATCH');
    const personal = [SAMPLE_CARD.name, SAMPLE_CARD.idNumber, SAMPLE_CARD.address, SAMPLE_CARD.authority, SAMPLE_CARD.birth, '1949-12-31', '19491230', '002X'];
    for (const value of personal) expect(logged).not.toContain(value);
    // JSON escapes non-ASCII only optionally: check the escaped form of the name too.
    expect(logged).not.toContain(JSON.stringify(SAMPLE_CARD.name).slice(1, -1));
  });
});
