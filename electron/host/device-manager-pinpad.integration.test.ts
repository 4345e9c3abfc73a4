// Card + PIN through the host's device manager: simulated card reader and PIN pad on PTYs, the
// real drivers in the device worker. The host gets the card masked, sealed to the hub's key
// and named by reference; it asks for a PIN bound to that reference and sees digit counts and
// an encrypted PIN block — never the PAN or a PIN digit, neither in events nor in the log.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../bridge/event-bus.js';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import { generateCardKeyPair, openSealedCard } from '../../drivers/card/testing/open-sealed-card.node.js';
import { isDecodeError } from '../../drivers/pinpad/codec/errors.js';
import { DEMO_PIN_KEYS, keyBytes } from '../../drivers/pinpad/demo-keys.js';
import { decipherPinBlock } from '../../drivers/pinpad/pin-block-crypto.node.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { aesKcv, wrapPinWorkingKey } from '../../drivers/pinpad/tr31-key-block.node.js';
import { sealedCardSchema } from '../../protocol/card-security.js';
import { DeviceManager } from './device-manager.node.js';
import { DeviceCallError } from './devices/device-handle.js';
import { devicesConfigSchema } from './devices/device-config.js';
import { createLogger } from './log.node.js';

const PAN = '6225880137706884';
const PIN = '2580';
const hub = generateCardKeyPair('hub-card-1');
let manager: DeviceManager;
const logLines: string[] = [];
const events: { role: string; name: string; payload: unknown }[] = [];

beforeAll(async () => {
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (c: Buffer, _e, done) => (logLines.push(c.toString()), done()) }) });
  const devices = devicesConfigSchema.parse([
    { role: 'card', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'simulated' } },
    { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', transport: { type: 'simulated' } },
  ]);
  manager = new DeviceManager(devices, new EventBus(), log, { hotplugPollMs: 0 });
  manager.onDeviceEvent((e) => events.push(e));
  await manager.start();
  await vi.waitFor(() => expect(manager.list().map((d) => d.state)).toEqual(['ready', 'ready']), { timeout: 55_000, interval: 100 });
  await manager.setCardKey(hub.cardKey);
}, 60_000);
afterAll(async () => {
  await manager?.close();
});

async function swipe(): Promise<{ cardRef: string; sealed: unknown }> {
  const before = events.filter((e) => e.name === 'card').length;
  await (manager.simulatorControls('card') as MsrSimulator).swipe({ pan: PAN, name: { surname: 'ZHANG', given: 'SAN' }, expiry: { year: 2029, month: 12 }, serviceCode: '201' });
  await vi.waitFor(() => expect(events.filter((e) => e.name === 'card').length).toBe(before + 1), { timeout: 5000 });
  return events.filter((e) => e.name === 'card').at(-1)!.payload as { cardRef: string; sealed: unknown };
}

const pinpad = (): PinPadSimulator => manager.simulatorControls('pinpad') as PinPadSimulator;

describe('card and PIN through the device worker', () => {
  it('publishes the PIN pad health like the other devices', () => {
    expect(manager.list()).toContainEqual(expect.objectContaining({ role: 'pinpad', kind: 'pin-pad', state: 'ready' }));
  });

  it('a swipe comes back masked, sealed to the hub key and by reference; the PIN block is bound to it; only counts cross', async () => {
    const card = await swipe();
    expect(card).toMatchObject({ maskedPan: '622588******6884', cardRef: expect.any(String) });
    const sealed = sealedCardSchema.parse(card.sealed);
    expect(openSealedCard(sealed, hub.privateKey)).toEqual({ pan: PAN, expiry: '2912', entry: 'swipe', serviceCode: '201' });

    const counts: number[] = [];
    const result = manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 20_000 }, { onDigits: (n) => counts.push(n) });
    await pinpad().whenEntryStarts();
    await pinpad().type(PIN, { enter: true });
    const block = await result;
    expect(block).toMatchObject({ format: 4, keyId: 'demo-pek-aes-1' });
    const pin = decipherPinBlock({ format: 4, key: keyBytes(DEMO_PIN_KEYS['demo-pek-aes-1']!), block: new Uint8Array(Buffer.from(block.block, 'hex')), pan: PAN });
    expect(isDecodeError(pin) ? pin.code : Array.from(pin).join('')).toBe(PIN);
    await vi.waitFor(() => expect(counts).toEqual([1, 2, 3, 4]));

    const crossed = JSON.stringify(events);
    const logged = logLines.join('');
    for (const secret of [PAN, PAN.slice(6, 12), 'ZHANG']) {
      expect(crossed).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
    expect(events.filter((e) => e.name === 'pin-entry').map((e) => e.payload)).toEqual([{ digits: 1 }, { digits: 2 }, { digits: 3 }, { digits: 4 }]);
  });

  it('cancel and timeout reject with their codes; a released card can no longer be used', async () => {
    const card = await swipe();
    const cancelled = manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-tdes-1', format: 0, timeoutMs: 20_000 }).catch((e: unknown) => e);
    await pinpad().whenEntryStarts();
    await pinpad().press('cancel');
    expect(await cancelled).toMatchObject({ code: 'PIN_CANCELLED' });

    const timedOut = await manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-tdes-1', format: 0, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: 'PIN_TIMEOUT' });

    expect(await manager.releaseCard(card.cardRef)).toBe(true);
    const gone = await manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-tdes-1', format: 0, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(DeviceCallError);
    expect(gone).toMatchObject({ code: 'CARD_GONE' });
  });

  it('the host can cancel a running entry', async () => {
    const card = await swipe();
    const p = manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 20_000 }).catch((e: unknown) => e);
    await pinpad().whenEntryStarts();
    await manager.cancelPin();
    expect(await p).toMatchObject({ code: 'PIN_CANCELLED' });
  });

  it('a per-device working key through the worker: none held at first, a TR-31 block under the TMK loads, PIN blocks name it; a bad block is refused and the key stays', async () => {
    expect(await manager.queryPinKey()).toBeNull();
    expect(manager.pinWorkingKey()).toBeNull();
    const [a, b] = [randomBytes(16), randomBytes(16)];
    const tmk = Buffer.from(a.map((x, i) => x ^ (b[i] ?? 0)));
    pinpad().epp.loadMasterKey([a, b]);
    const key = randomBytes(16);
    expect(await manager.loadPinKey(wrapPinWorkingKey(tmk, 'pek-dm-1', key))).toEqual({ keyId: 'pek-dm-1', kcv: aesKcv(key) });
    expect(manager.pinWorkingKey()).toEqual({ keyId: 'pek-dm-1', kcv: aesKcv(key) });
    expect(await manager.queryPinKey()).toEqual({ keyId: 'pek-dm-1', kcv: aesKcv(key) });
    const refused = await manager.loadPinKey(wrapPinWorkingKey(randomBytes(16), 'pek-dm-2', randomBytes(16))).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'KEY_BLOCK_REJECTED' });
    expect(manager.pinWorkingKey()?.keyId).toBe('pek-dm-1');
    const card = await swipe();
    const result = manager.readPin({ cardRef: card.cardRef, keyId: 'pek-dm-1', format: 4, timeoutMs: 20_000 });
    await pinpad().whenEntryStarts();
    await pinpad().type(PIN, { enter: true });
    const block = await result;
    expect(block.keyId).toBe('pek-dm-1');
    const pin = decipherPinBlock({ format: 4, key, block: new Uint8Array(Buffer.from(block.block, 'hex')), pan: PAN });
    expect(isDecodeError(pin) ? pin.code : Array.from(pin).join('')).toBe(PIN);
    expect(logLines.join('')).not.toContain(key.toString('hex'));
    await manager.releaseCard(card.cardRef);
  });
});
