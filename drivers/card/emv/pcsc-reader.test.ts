import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardRead, CardReadError, CardReader, DeviceHealthEvent } from '../../device-classes.js';
import { CONTACTLESS_ATR, createEmvCardSimulator, type EmvCardProfile } from './card-simulator.js';
import { createPcscCardReader, type PcscCardReader, type PcscCardReaderOptions } from './pcsc-reader.node.js';
import { createFakePcsc, type FakePcsc } from './pcsc-simulator.node.js';

const PAN = '6212345678901265';
const PROFILE: EmvCardProfile = { pan: PAN, expiry: { year: 2030, month: 12 }, name: 'ZHANG/SAN' };

// A ceiling for a slow (loaded) machine, not a timing the test depends on.
const until = async (check: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let reader: PcscCardReader | undefined;
let fake: FakePcsc;
let cards: CardRead[];
let errors: CardReadError[];
let health: DeviceHealthEvent[];

let removals: number;

async function start(opts: PcscCardReaderOptions = {}): Promise<CardReader> {
  fake = createFakePcsc();
  cards = [];
  errors = [];
  health = [];
  reader = createPcscCardReader({ pcsc: () => fake, ...opts });
  reader.onCard((c) => cards.push(c));
  reader.onError((e) => errors.push(e));
  reader.onHealth((h) => health.push(h));
  removals = 0;
  reader.onRemoved(() => (removals += 1));
  await reader.open();
  return reader;
}

afterEach(async () => {
  await reader?.close();
  reader = undefined;
});

describe('PC/SC card reader', () => {
  it('follows readers and cards: no-reader → ready → busy → ready → no-reader', async () => {
    const r = await start();
    expect(r.health).toMatchObject({ state: 'offline', reason: 'no-reader' });
    const slot = fake.attach('Virtual PCD 00 00');
    expect(r.health.state).toBe('ready');
    await new Promise((res) => setImmediate(res));
    slot.insert(createEmvCardSimulator(PROFILE));
    await until(() => cards.length === 1);
    expect([cards[0]?.pan, cards[0]?.source, cards[0]?.name?.surname]).toEqual([PAN, 'chip', 'ZHANG']);
    slot.remove();
    fake.detach('Virtual PCD 00 00');
    expect(r.health).toMatchObject({ state: 'offline', reason: 'no-reader' });
    expect(health.map((h) => h.state + (h.reason ? `:${h.reason}` : ''))).toEqual(['offline:no-reader', 'ready', 'busy', 'ready', 'offline:no-reader']);
  });

  it('uses only readers matching readerName, and a tapped card reads as contactless', async () => {
    await start({ readerName: /PICC/ });
    const contact = fake.attach('ACS ACR1281 Dual Reader ICC');
    const picc = fake.attach('ACS ACR1281 Dual Reader PICC');
    const contactConnect = vi.spyOn(contact, 'connect');
    contact.insert(createEmvCardSimulator(PROFILE));
    picc.insert(createEmvCardSimulator({ ...PROFILE, atr: CONTACTLESS_ATR, gpoFormat: 2 }));
    await until(() => cards.length === 1);
    // A read of the contact card would have connected to it when its insertion was reported,
    // long before the contactless read finished.
    expect(contactConnect).not.toHaveBeenCalled();
    expect(cards.map((c) => c.source)).toEqual(['contactless']);
  });

  it('reports a card left in the reader as card-stuck until it is removed', async () => {
    const r = await start({ cardRemovalTimeoutMs: 40 });
    const slot = fake.attach('R');
    slot.insert(createEmvCardSimulator(PROFILE));
    await until(() => r.health.reason === 'card-stuck');
    expect(r.health.state).toBe('attention');
    slot.remove();
    expect(r.health.state).toBe('ready');
  });

  it('reports a card pulled out mid-read as CARD_REMOVED', async () => {
    await start();
    const slot = fake.attach('R');
    // Pulled out once the card has answered its first APDU: the read is under way whatever
    // the machine's speed. (On the next turn of the loop, as the binding reports a status.)
    const card = createEmvCardSimulator(PROFILE);
    const answer = card.transmit.bind(card);
    let answered = 0;
    card.transmit = (apdu) => {
      if (++answered === 1) setImmediate(() => slot.remove());
      return answer(apdu);
    };
    slot.insert(card);
    await until(() => errors.length === 1);
    expect(answered).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'CARD_REMOVED', source: 'chip' });
    expect(cards).toHaveLength(0);
  });

  it('says when a card it handed out leaves the reader, once; a reader unplugged with the card in counts as removal', async () => {
    await start();
    const slot = fake.attach('R');
    slot.insert(createEmvCardSimulator(PROFILE));
    await until(() => cards.length === 1);
    expect(removals).toBe(0);
    slot.remove();
    expect(removals).toBe(1);
    // An empty reader reporting empty again is no second removal.
    slot.setState(0x10);
    expect(removals).toBe(1);

    slot.insert(createEmvCardSimulator(PROFILE));
    await until(() => cards.length === 2);
    fake.detach('R');
    expect(removals).toBe(2);
  });

  it('a card pulled out mid-read, or just as its read ends, is CARD_REMOVED and no removal event (it was never handed out)', async () => {
    await start();
    const slot = fake.attach('R');
    // Pulled out while the last record is answered: every APDU succeeds, the card is gone.
    const card = createEmvCardSimulator(PROFILE);
    const answer = card.transmit.bind(card);
    card.transmit = (apdu) => {
      const response = answer(apdu);
      if (card.commands.at(-1) === 'READ RECORD 2/2') slot.remove();
      return response;
    };
    slot.insert(card);
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ code: 'CARD_REMOVED', source: 'chip' });
    expect(cards).toHaveLength(0);
    expect(removals).toBe(0);
  });

  it('reports unreadable cards, and asks for attention after a run of them', async () => {
    const r = await start({ readErrorThreshold: 2 });
    const slot = fake.attach('R');
    const jcbOnly: EmvCardProfile = { ...PROFILE, pse: false, apps: [{ aid: 'A0000000651010', label: 'JCB' }] };
    for (let i = 1; i <= 2; i++) {
      slot.insert(createEmvCardSimulator(jcbOnly));
      await until(() => errors.length === i);
      slot.remove();
    }
    expect(errors.map((e) => e.code)).toEqual(['NO_APPLICATION', 'NO_APPLICATION']);
    expect(r.health).toMatchObject({ state: 'attention', reason: 'read-error' });
    slot.insert(createEmvCardSimulator(PROFILE), { mute: true });
    expect(errors.at(-1)).toMatchObject({ code: 'READ_ERROR', field: 'CARD_MUTE' });
    slot.remove();
    slot.insert(createEmvCardSimulator(PROFILE));
    await until(() => cards.length === 1);
    expect(r.health.state).toBe('ready');
  });

  it('reports a reader fault as error/reader-error, and a dropped reader as offline', async () => {
    const r = await start();
    const slot = fake.attach('R');
    slot.emit('error', new Error('SCardGetStatusChange error: Unknown error.'));
    expect(r.health).toMatchObject({ state: 'error', reason: 'reader-error' });
    fake.detach('R');
    expect(r.health).toMatchObject({ state: 'offline', reason: 'no-reader' });
    fake.attach('R2');
    expect(r.health.state).toBe('ready');
  });

  it('gives up on a reader that stops answering', async () => {
    await start({ apduTimeoutMs: 30 });
    const slot = fake.attach('R');
    slot.transmitDelayMs = Infinity;
    slot.insert(createEmvCardSimulator(PROFILE));
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ code: 'TIMEOUT' });
  });

  it('refuses to open without PC/SC, and says why in its health', async () => {
    const r = createPcscCardReader({
      pcsc: () => {
        throw new Error('connect ENOENT /run/pcscd/pcscd.comm');
      },
    });
    await expect(r.open()).rejects.toMatchObject({ name: 'CardReadError', code: 'UNAVAILABLE' });
    expect(r.health).toMatchObject({ state: 'offline', reason: 'pcsc-unavailable' });
  });

  it('checks for pcscd before loading the binding (whose constructor would spin forever)', async () => {
    const before = process.env.PCSCLITE_CSOCK_NAME;
    process.env.PCSCLITE_CSOCK_NAME = '/nonexistent/pcscd.comm';
    try {
      const r = createPcscCardReader();
      await expect(r.open()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('ENOENT') });
    } finally {
      if (before === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
      else process.env.PCSCLITE_CSOCK_NAME = before;
    }
  });

  it('logs steps and the masked card, never the PAN', async () => {
    const lines: string[] = [];
    await start({ log: pino({ level: 'debug' }, { write: (l: string) => lines.push(l) }) });
    fake.attach('R').insert(createEmvCardSimulator({ ...PROFILE, responses: 't0' }));
    await until(() => cards.length === 1);
    const out = lines.join('\n');
    expect(out).toContain('621234******1265');
    expect(out).toContain('"step":"read-record"');
    for (const secret of [PAN, PAN.slice(6, 12), 'ZHANG']) expect(out).not.toContain(secret);
  });
});
