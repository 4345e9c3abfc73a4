// The driver's timing (15 ms polls, 80 ms answer windows) runs on vitest's fake clock:
// time moves only when a test advances it, so a loaded machine cannot make an answer late
// or a poll early, and "nothing more happens" checks cover an exact stretch of reader time.
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceHealthEvent, DeviceReadError, IdDocument, IdReader } from '../../device-classes.js';
import { createMemoryTransport } from '../../transports/memory-transport.js';
import { SAMPLE_CARD } from './sim/sample-card.js';
import { SimulatedSamReader } from './sim/model.js';
import { createChinaIdReader, type ChinaIdReaderOptions } from './reader.js';

/** Lets `ms` of reader time pass, running every timer and promise that falls due. */
const elapse = (ms: number): Promise<unknown> => vi.advanceTimersByTimeAsync(ms);

/** Moves reader time on 1 ms at a time until `cond` holds; fails after `withinMs` of reader time. */
async function until(cond: () => boolean, what: string, withinMs = 2000): Promise<void> {
  for (let t = 0; !cond(); t++) {
    if (t > withinMs) throw new Error(`no ${what} within ${withinMs} ms of reader time`);
    await elapse(1);
  }
}

/** Moves reader time on until `promise` settles, then returns it. */
async function settled<T>(promise: Promise<T>, withinMs = 2000): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await until(() => done, 'answer', withinMs);
  return promise;
}

const finds = (sam: SimulatedSamReader): number => sam.requests.filter((q) => q === '20 01').length;

/** Lifts the card and waits until the reader has been told "no card" by a poll. */
async function lift(sam: SimulatedSamReader): Promise<void> {
  sam.removeCard();
  const before = finds(sam);
  await until(() => finds(sam) > before, 'find-card poll after the card was lifted');
  // The "no card" answer reaches the driver on the transport's next tick.
  await elapse(1);
}

let reader: IdReader | undefined;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  if (reader) await settled(reader.close());
  reader = undefined;
  vi.useRealTimers();
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
  return { r, sam, device, docs, errors, health, open: () => settled(r.open()) };
}

describe('China resident ID card reader', () => {
  it('polls find → select → read and emits the card once per placement', async () => {
    const { r, sam, docs, errors, health, open } = setup();
    await open();
    expect(r.health.state).toBe('ready');
    await elapse(50);
    expect(docs).toEqual([]);
    sam.placeCard({ text: SAMPLE_CARD, photo: new Uint8Array(1024).fill(9) });
    await until(() => docs.length === 1, 'the card');
    expect(docs[0]).toMatchObject({ kind: 'cn-resident-id', documentNumber: '11010519491231002X', surname: '测试员', nation: '汉', expiryDate: null });
    expect(docs[0]?.photo?.length).toBe(1024);
    // Status check at open, then polls; the read is the find → select → read sequence.
    expect(sam.requests[0]).toBe('11 ff');
    const read = sam.requests.indexOf('30 01');
    expect(sam.requests.slice(read - 2, read + 1)).toEqual(['20 01', '20 02', '30 01']);
    await elapse(80);
    expect(docs).toHaveLength(1);
    await lift(sam);
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 2, 'the second placement');
    expect(errors).toEqual([]);
    expect(health.map((h) => h.state)).toContain('busy');
  });

  it('reads a card only once even when the reader keeps finding it', async () => {
    const { sam, docs, open } = setup();
    sam.findsAfterRead = true;
    sam.placeCard({ text: SAMPLE_CARD });
    await open();
    await until(() => docs.length === 1, 'the card');
    await elapse(100);
    expect(docs).toHaveLength(1);
    expect(sam.requests.filter((q) => q === '30 01')).toHaveLength(1);
  });

  it('survives noise, a torn reply and a wrong checksum', async () => {
    const { sam, docs, errors, open } = setup();
    await open();
    sam.injectGarbage(Uint8Array.of(0xaa, 0x00, 0xaa, 0xaa, 0x13));
    sam.tearNextReply(3, 30);
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 1, 'the card after noise and a tear');
    await lift(sam);
    sam.corruptNextChecksum();
    await until(() => errors.length === 1, 'the checksum error');
    expect(errors[0]).toMatchObject({ code: 'CHECKSUM', field: 'frame' });
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 2, 'the card after the checksum error');
  });

  it('goes offline when replies are too slow and recovers when they speed up', async () => {
    const { r, sam, docs, open } = setup();
    await open();
    sam.responseDelayMs = 150;
    await until(() => r.health.state === 'offline', 'offline');
    expect(r.health.reason).toBe('no-response');
    sam.responseDelayMs = 20;
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 1, 'the card from a slow reader', 3000);
    await until(() => r.health.state === 'ready', 'ready again');
  });

  it('reports bad card data once per placement with the failing field', async () => {
    const { sam, docs, errors, open } = setup();
    sam.findsAfterRead = true;
    await open();
    sam.placeCard({ text: { ...SAMPLE_CARD, idNumber: '110105194912310021' } });
    await until(() => errors.length === 1, 'the error');
    await elapse(80);
    expect(errors).toEqual([{ code: 'ID_CHECK_DIGIT', field: 'idNumber', message: expect.any(String) }]);
    expect(docs).toEqual([]);
  });

  it('retries a card that fails to read, then gives up with one error', async () => {
    const { sam, docs, errors, open } = setup();
    await open();
    sam.failNextReads(2);
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 1, 'the card after two failed reads');
    expect(errors).toEqual([]);
    await lift(sam);
    sam.failNextReads(10);
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => errors.length === 1, 'the read error');
    await elapse(60);
    expect(errors.map((e) => [e.code, e.field])).toEqual([['READ_FAILED', 'readBaseInfo']]);
  });

  it('shows a SAM fault as error health, and rejects open when the reader is mute', async () => {
    const { r, sam, errors, open } = setup();
    sam.samStatus = 0x60;
    await open();
    expect(r.health).toMatchObject({ state: 'error', reason: 'reader-fault' });
    expect(errors.map((e) => e.code)).toEqual(['SAM_SELF_TEST_FAILED']);
    await settled(r.close());
    const mute = setup();
    mute.sam.mute = true;
    await expect(mute.open()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(mute.r.health).toMatchObject({ state: 'offline', reason: 'no-response' });
  });

  it('goes offline on unplug', async () => {
    const { r, device, open } = setup();
    await open();
    device.unplug();
    expect(r.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
  });

  it('never logs personal data', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const { r, sam, docs, errors, open } = setup({ log });
    await open();
    sam.placeCard({ text: SAMPLE_CARD });
    await until(() => docs.length === 1, 'the card');
    await lift(sam);
    sam.placeCard({ text: { ...SAMPLE_CARD, birth: '19491230' } });
    await until(() => errors.length === 1, 'the mismatch');
    await settled(r.close());
    const logged = lines.join('\n');
    expect(logged).toContain('document read');
    expect(logged).toContain('BIRTH_MISMATCH');
    const personal = [SAMPLE_CARD.name, SAMPLE_CARD.idNumber, SAMPLE_CARD.address, SAMPLE_CARD.authority, SAMPLE_CARD.birth, '1949-12-31', '19491230', '002X'];
    for (const value of personal) expect(logged).not.toContain(value);
    // JSON escapes non-ASCII only optionally: check the escaped form of the name too.
    expect(logged).not.toContain(JSON.stringify(SAMPLE_CARD.name).slice(1, -1));
  });
});
