// Card issuance through the host's device manager (issue 11): a simulated dispenser and PIN pad
// on PTYs, the real drivers in the device worker. A card from stock goes to the read position,
// its chip is read inside the worker — the host gets a reference, the masked number and the
// card sealed to the hub's key, which the hub opens — the customer sets its PIN on the pad bound
// to that reference (the hub decrypts the block for that card number), and a card captured,
// taken or released is wiped from the worker: its reference no longer gives a PIN.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../bridge/event-bus.js';
import { DEMO_STOCK_CARDS } from '../../drivers/dispenser/sim/stock-cards.js';
import type { DispenserSimulator } from '../../drivers/dispenser/simulator.node.js';
import { DEMO_PIN_KEYS, keyBytes } from '../../drivers/pinpad/demo-keys.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { cardKeyOf, generateCardKeyPair, openSealedCard } from '../../hub/banking/card-seal.node.js';
import { decryptFormat4 } from '../../hub/banking/pin-block.node.js';
import { sealedCardSchema } from '../../protocol/card-security.js';
import { DeviceManager } from './device-manager.node.js';
import { devicesConfigSchema } from './devices/device-config.js';
import { createLogger } from './log.node.js';

const PIN = '246813';
const hub = generateCardKeyPair('hub-card-issue-1');
let manager: DeviceManager;
const logLines: string[] = [];
const events: unknown[] = [];
const results: unknown[] = [];

beforeAll(async () => {
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (c: Buffer, _e, done) => (logLines.push(c.toString()), done()) }) });
  const devices = devicesConfigSchema.parse([
    { role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', transport: { type: 'simulated' }, options: { pollMs: 150 } },
    { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', transport: { type: 'simulated' } },
  ]);
  manager = new DeviceManager(devices, new EventBus(), log, { hotplugPollMs: 0 });
  manager.onDeviceEvent((e) => events.push(e));
  await manager.start();
  await vi.waitFor(() => expect(manager.list().map((d) => d.state)).toEqual(['ready', 'ready']), { timeout: 55_000, interval: 100 });
  await manager.setCardKey(cardKeyOf(hub));
}, 60_000);
afterAll(async () => {
  await manager?.close();
});

const sim = (): DispenserSimulator => manager.simulatorControls('dispenser') as DispenserSimulator;
const pinpad = (): PinPadSimulator => manager.simulatorControls('pinpad') as PinPadSimulator;
const mask = (pan: string): string => `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;

/** A new card to the read position and its chip read; with the PAN the simulator put there. */
async function issueToReadPosition(): Promise<{ pan: string; card: Awaited<ReturnType<DeviceManager['readDispensedCard']>> }> {
  const pan = sim().dispenser.nextStockCard.chip.pan;
  expect(await manager.moveCardToReadPosition()).toMatchObject({ card: 'read-position' });
  const card = await manager.readDispensedCard();
  results.push(card);
  return { pan, card };
}

async function setPin(cardRef: string): Promise<{ keyId: string; block: string }> {
  const entry = manager.readPin({ cardRef, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 20_000 });
  await pinpad().whenEntryStarts();
  await pinpad().type(PIN, { enter: true });
  return entry;
}

const codeOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'resolved', (e: unknown) => (e as { code?: unknown }).code);

describe('card issuance: chip read at the dispenser, PIN bound to it', () => {
  it('the chip read comes back masked, by reference and sealed to the hub key, which the hub opens to the card in the dispenser', async () => {
    const { pan, card } = await issueToReadPosition();
    expect(card).toMatchObject({ source: 'chip', maskedPan: mask(pan), bin: '622202', last4: pan.slice(-4), expiry: { year: 2031, month: 12 }, panSequence: '01', serviceCode: '201', cardRef: expect.any(String) });
    const sealed = sealedCardSchema.parse(card.sealed);
    expect(sealed).toMatchObject({ keyId: 'hub-card-issue-1', masked: card.maskedPan, entry: 'chip' });
    expect(openSealedCard(hub, sealed)).toEqual({ pan, expiry: '3112', entry: 'chip', serviceCode: '201', panSequence: '01' });
    expect(JSON.stringify(card)).not.toContain(pan);

    // The customer sets the new card's PIN: the block is bound to the chip's PAN, never seen by the host.
    const block = await setPin(card.cardRef);
    expect(block.keyId).toBe('demo-pek-aes-1');
    const key = Buffer.from(keyBytes(DEMO_PIN_KEYS['demo-pek-aes-1']!));
    expect(decryptFormat4(key, Buffer.from(block.block, 'hex'), pan).toString()).toBe(PIN);

    // Presented and taken: the card has left, so its reference is dead.
    expect(await manager.dispenseCard()).toMatchObject({ card: 'throat' });
    const taken = manager.waitCardTaken({ timeoutMs: 10_000 });
    setTimeout(() => sim().takeCard(), 200);
    expect(await taken).toEqual({ outcome: 'taken' });
    expect(await codeOf(manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 }))).toBe('CARD_GONE');
  });

  it('a capture (the journey\u2019s compensation) wipes the card: readPin with its reference fails CARD_GONE', async () => {
    const { card } = await issueToReadPosition();
    expect(await manager.captureCard()).toMatchObject({ card: 'none' });
    expect(await codeOf(manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 }))).toBe('CARD_GONE');
    expect(await manager.releaseCard(card.cardRef)).toBe(false);
  });

  it('a card not taken in time is captured and wiped as well', async () => {
    const { card } = await issueToReadPosition();
    await manager.dispenseCard();
    expect(await manager.waitCardTaken({ timeoutMs: 300 })).toEqual({ outcome: 'captured' });
    expect(await codeOf(manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 }))).toBe('CARD_GONE');
  });

  it('releaseCard wipes a dispensed card like a reader\u2019s; the card itself stays where it is', async () => {
    const { card } = await issueToReadPosition();
    expect(await manager.releaseCard(card.cardRef)).toBe(true);
    expect(await codeOf(manager.readPin({ cardRef: card.cardRef, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 }))).toBe('CARD_GONE');
    expect(await manager.dispenserStatus()).toMatchObject({ card: 'read-position' });
    await manager.captureCard();
  });

  it('no card at the read position → NO_CARD; a mute chip → CHIP_UNREADABLE, the card still inside', async () => {
    expect(await manager.dispenserStatus()).toMatchObject({ card: 'none' });
    expect(await codeOf(manager.readDispensedCard())).toBe('NO_CARD');
    await manager.moveCardToReadPosition();
    sim().setChipMute(true);
    expect(await codeOf(manager.readDispensedCard())).toBe('CHIP_UNREADABLE');
    expect(await manager.dispenserStatus()).toMatchObject({ card: 'read-position' });
    sim().setChipMute(false);
    await manager.captureCard();
    expect(await codeOf(manager.readDispensedCard('pinpad'))).toBe('NO_DEVICE');
  });

  it('no card number crossed to the host: not in results, events or the log', () => {
    expect(results.length).toBeGreaterThanOrEqual(4);
    const crossed = JSON.stringify([results, events]);
    const logged = logLines.join('');
    for (const { chip } of DEMO_STOCK_CARDS) {
      expect(crossed).not.toContain(chip.pan);
      expect(logged).not.toContain(chip.pan);
      // The middle digits the mask hides.
      expect(logged).not.toContain(chip.pan.slice(6, 15));
    }
  });
});
