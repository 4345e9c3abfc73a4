// The card port over the device manager, with a fake manager: a card event becomes the sealed
// card (the cardRef stays in the port), a swiped chip card becomes insert-chip and is wiped in
// the worker, an unsealed read is refused, the PIN entry is bound to the cardRef and cancelled
// on abort, release frees exactly the card this journey holds, and a chip card pulled out of its
// reader ends the PIN entry bound to it (CARD_REMOVED, pad cancelled).
import { describe, expect, it } from 'vitest';
import type { PinBlock, SealedCard } from '../../../protocol/card-security.js';
import type { ReadPinArgs } from '../devices/pin-pad-handle.js';
import { deviceCardPort, isSwipedChipCard, type CardDevices } from './device-card-port.node.js';

const SEALED: SealedCard = { alg: 'X25519-HKDF-SHA256-A256GCM', keyId: 'demo-card-1', epk: 'a'.repeat(43), iv: 'b'.repeat(16), ct: 'c'.repeat(40), tag: 'd'.repeat(22), masked: '622202*********0025', entry: 'swipe' };
const BLOCK: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: 'A'.repeat(32) };

function fakeDevices(pin: (args: ReadPinArgs, onDigits?: (n: number) => void) => Promise<PinBlock> = async () => BLOCK) {
  const listeners = new Set<(e: { role: string; name: string; payload: unknown }) => void>();
  const log = { released: [] as string[], cancelled: 0, pins: [] as ReadPinArgs[] };
  const devices: CardDevices = {
    onDeviceEvent: (cb) => (listeners.add(cb), () => listeners.delete(cb)),
    readPin: async (args, opts) => (log.pins.push(args), pin(args, opts?.onDigits)),
    cancelPin: async () => void (log.cancelled += 1),
    releaseCard: async (ref) => (log.released.push(ref), true),
  };
  const emit = (name: string, payload: unknown, role = 'card') => listeners.forEach((cb) => cb({ role, name, payload }));
  return { devices, log, emit, listening: () => listeners.size };
}

const read = (cardRef: string, extra: object) => ({ source: 'magstripe', maskedPan: '622202*********0025', bin: '622202', last4: '0025', cardRef, ...extra });

describe('card port over the device manager', () => {
  it('tells a swiped chip card apart by its service code', () => {
    expect(isSwipedChipCard({ source: 'magstripe', serviceCode: '201' })).toBe(true);
    expect(isSwipedChipCard({ source: 'magstripe', serviceCode: '601' })).toBe(true);
    expect(isSwipedChipCard({ source: 'magstripe', serviceCode: '101' })).toBe(false);
    expect(isSwipedChipCard({ source: 'chip', serviceCode: '201' })).toBe(false);
    expect(isSwipedChipCard({ source: 'magstripe' })).toBe(false);
  });

  it('a swiped chip card is insert-chip and wiped; the next card is presented sealed; its PIN is bound to it', async () => {
    const fake = fakeDevices(async (_args, onDigits) => {
      for (let i = 1; i <= 6; i++) onDigits?.(i);
      return BLOCK;
    });
    const port = deviceCardPort(fake.devices, { pinTimeoutMs: 30_000 });
    const signal = new AbortController().signal;

    const first = port.presentCard(signal);
    fake.emit('read-error', { code: 'LRC' });
    fake.emit('card', read('ref-chip', { serviceCode: '201', sealed: SEALED }));
    expect(await first).toEqual({ kind: 'insert-chip' });
    expect(fake.log.released).toEqual(['ref-chip']);
    expect(fake.listening()).toBe(0);

    const second = port.presentCard(signal);
    fake.emit('card', read('ref-ok', { serviceCode: '101', sealed: SEALED }));
    expect(await second).toEqual({ kind: 'card', sealed: SEALED });

    const counts: number[] = [];
    expect(await port.readPin((n) => counts.push(n), signal)).toEqual(BLOCK);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fake.log.pins).toEqual([{ cardRef: 'ref-ok', keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 30_000 }]);

    await port.release();
    await port.release();
    expect(fake.log.released).toEqual(['ref-chip', 'ref-ok']);
  });

  it('refuses a card the worker could not seal (no hub key yet) and forgets it', async () => {
    const fake = fakeDevices();
    const port = deviceCardPort(fake.devices);
    const presented = port.presentCard(new AbortController().signal);
    fake.emit('card', read('ref-1', { serviceCode: '101' }));
    await expect(presented).rejects.toMatchObject({ code: 'CARD_NOT_SEALED' });
    expect(fake.log.released).toEqual(['ref-1']);
    await expect(port.readPin(() => undefined, new AbortController().signal)).rejects.toMatchObject({ code: 'CARD_GONE' });
  });

  it('stops waiting for a card on abort, and cancels a running PIN entry on abort', async () => {
    let rejectPin: (err: Error) => void = () => undefined;
    const fake = fakeDevices(() => new Promise<PinBlock>((_resolve, reject) => (rejectPin = reject)));
    const port = deviceCardPort(fake.devices);
    const waiting = new AbortController();
    const presented = port.presentCard(waiting.signal);
    waiting.abort();
    await expect(presented).rejects.toMatchObject({ code: 'ABORTED' });
    expect(fake.listening()).toBe(0);

    const journey = new AbortController();
    const card = port.presentCard(journey.signal);
    fake.emit('card', read('ref-2', { serviceCode: '101', sealed: SEALED }));
    await card;
    const pin = port.readPin(() => undefined, journey.signal);
    await Promise.resolve();
    journey.abort();
    expect(fake.log.cancelled).toBe(1);
    rejectPin(Object.assign(new Error('cancelled'), { code: 'PIN_CANCELLED' }));
    await expect(pin).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
  });

  it('a chip card pulled out during PIN entry: the pad is cancelled and readPin rejects CARD_REMOVED; other roles and other cards are not ours', async () => {
    let rejectPin: (err: Error) => void = () => undefined;
    const fake = fakeDevices(() => new Promise<PinBlock>((_resolve, reject) => (rejectPin = reject)));
    const port = deviceCardPort(fake.devices);
    const signal = new AbortController().signal;
    const presented = port.presentCard(signal);
    fake.emit('card', read('ref-chip', { source: 'chip', serviceCode: '201', sealed: SEALED }));
    await presented;
    const pin = port.readPin(() => undefined, signal);
    await Promise.resolve();
    fake.emit('card-removed', { cardRef: 'ref-chip' }, 'stripe');
    fake.emit('card-removed', { cardRef: 'ref-older' });
    expect(fake.log.cancelled).toBe(0);
    fake.emit('card-removed', { cardRef: 'ref-chip' });
    expect(fake.log.cancelled).toBe(1);
    await expect(pin).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    // The pad's own answer to the cancel comes later and changes nothing.
    rejectPin(Object.assign(new Error('cancelled'), { code: 'PIN_CANCELLED' }));
    // Asked again (the journey would not), the card is still gone: the pad is not asked.
    await expect(port.readPin(() => undefined, signal)).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(fake.log.pins).toHaveLength(1);
    await port.release();
    expect(fake.log.released).toEqual(['ref-chip']);
    expect(fake.listening()).toBe(0);
  });

  it('a card pulled out between its read and the PIN entry is CARD_REMOVED at once; the next card is watched afresh', async () => {
    const fake = fakeDevices();
    const port = deviceCardPort(fake.devices);
    const signal = new AbortController().signal;
    const first = port.presentCard(signal);
    fake.emit('card', read('ref-1', { source: 'chip', serviceCode: '201', sealed: SEALED }));
    await first;
    fake.emit('card-removed', { cardRef: 'ref-1' });
    await expect(port.readPin(() => undefined, signal)).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(fake.log.pins).toEqual([]);
    await port.release();

    const second = port.presentCard(signal);
    fake.emit('card', read('ref-2', { source: 'chip', serviceCode: '201', sealed: SEALED }));
    await second;
    expect(await port.readPin(() => undefined, signal)).toEqual(BLOCK);
  });

  it('tells the journey when the held card leaves after its PIN (onRemoved), and stops telling once unsubscribed', async () => {
    const fake = fakeDevices();
    const port = deviceCardPort(fake.devices);
    const signal = new AbortController().signal;
    const heard: string[] = [];
    const off = port.onRemoved?.(() => heard.push('removed'));
    const presented = port.presentCard(signal);
    fake.emit('card', read('ref-1', { source: 'chip', serviceCode: '201', sealed: SEALED }));
    await presented;
    expect(await port.readPin(() => undefined, signal)).toEqual(BLOCK);
    fake.emit('card-removed', { cardRef: 'ref-other' });
    expect(heard).toEqual([]);
    fake.emit('card-removed', { cardRef: 'ref-1' });
    expect(heard).toEqual(['removed']);
    off?.();
    fake.emit('card-removed', { cardRef: 'ref-1' });
    expect(heard).toEqual(['removed']);
    await port.release();
  });

  it("a PIN entry uses the pad's per-device key once one is loaded (asked at each entry), the demo key before", async () => {
    const fake = fakeDevices();
    let loaded: { keyId: string; kcv: string } | null = null;
    const devices: CardDevices = { ...fake.devices, pinWorkingKey: () => loaded };
    const port = deviceCardPort(devices, { pinTimeoutMs: 30_000 });
    const signal = new AbortController().signal;
    const presented = port.presentCard(signal);
    fake.emit('card', read('ref-1', { serviceCode: '101', sealed: SEALED }));
    await presented;
    await port.readPin(() => undefined, signal);
    loaded = { keyId: 'pek-1a2b3c4d-00c0ffee', kcv: 'ABC123' };
    await port.readPin(() => undefined, signal);
    expect(fake.log.pins.map((p) => p.keyId)).toEqual(['demo-pek-aes-1', 'pek-1a2b3c4d-00c0ffee']);
  });

  it('an ID card with its sealed identity is presented only where accepted; its PIN is bound to the hub binding, cancelled on abort', async () => {
    const IDENTITY = { alg: 'X25519-HKDF-SHA256-A256GCM', keyId: 'demo-card-1', epk: 'a'.repeat(43), iv: 'b'.repeat(16), ct: 'c'.repeat(40), tag: 'd'.repeat(22), kind: 'cn-id', masked: '310101********031X' } as const;
    const doc = { kind: 'cn-resident-id', documentNumber: '3101**********031X', sealed: IDENTITY };
    // Bill payment's port ignores ID cards and keeps waiting for a card.
    const cardsOnly = fakeDevices();
    const waiting = deviceCardPort(cardsOnly.devices).presentCard(new AbortController().signal);
    cardsOnly.emit('document', doc, 'idcard');
    cardsOnly.emit('card', read('ref-ok', { serviceCode: '101', sealed: SEALED }));
    expect(await waiting).toEqual({ kind: 'card', sealed: SEALED });

    const fake = fakeDevices(async () => new Promise<PinBlock>(() => undefined));
    const port = deviceCardPort(fake.devices, { acceptIdentity: true, pinTimeoutMs: 30_000 });
    const presented = port.presentCard(new AbortController().signal);
    // A passport (no sealed identity) is not a way in.
    fake.emit('document', { kind: 'passport', documentNumber: 'E1****678' }, 'idcard');
    fake.emit('document', doc, 'idcard');
    expect(await presented).toEqual({ kind: 'identity', sealed: IDENTITY });

    const abort = new AbortController();
    const entry = port.readPin(() => undefined, abort.signal, '9000000000000001');
    expect(fake.log.pins).toEqual([{ binding: '9000000000000001', keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 30_000 }]);
    abort.abort();
    expect(fake.log.cancelled).toBe(1);
    void entry.catch(() => undefined);
    // No card was held: nothing to release.
    await port.release();
    expect(fake.log.released).toEqual([]);
  });
});
