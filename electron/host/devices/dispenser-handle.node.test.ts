// The dispenser's worker handle over the real driver and the simulated dispenser in memory: a
// chip read is kept in the card vault by reference and sealed to the hub's key when given; the
// vault entry goes when the card leaves the customer's path (taken, captured, jammed, gone).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCardKeyPair, openSealedCard } from '../../../drivers/card/testing/open-sealed-card.node.js';
import { createCardDispenser } from '../../../drivers/dispenser/dispenser.js';
import { SimulatedDispenser } from '../../../drivers/dispenser/sim/dispenser-model.js';
import { silentLogger } from '../../../drivers/shared/logger.js';
import { createMemoryTransport } from '../../../drivers/transports/memory-transport.js';
import { sealedCardSchema } from '../../../protocol/card-security.js';
import { createCardKeeper } from './card-keeper.node.js';
import { createCardVault, type CardVault } from './card-vault.js';
import { devicesConfigSchema } from './device-config.js';
import type { DeviceHandle } from './device-handle.js';
import { dispensedCardSchema, dispenserHandle } from './dispenser-handle.js';

let model: SimulatedDispenser;
let vault: CardVault;
let handle: DeviceHandle;
const [config] = devicesConfigSchema.parse([{ role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', transport: { type: 'simulated' } }]);

beforeEach(async () => {
  const memory = createMemoryTransport('memory://dispenser');
  model = new SimulatedDispenser((bytes) => memory.device.write(bytes), { stock: 20, motionMs: 5 });
  memory.device.onData((bytes) => model.receive(bytes));
  vault = createCardVault();
  const dispenser = createCardDispenser({ transport: memory.transport, ackTimeoutMs: 100, answerTimeoutMs: 300, frameTimeoutMs: 20, pollMs: 0, takePollMs: 10 });
  handle = dispenserHandle(config!, dispenser, createCardKeeper('dispenser', vault, silentLogger));
  await handle.open();
});
afterEach(async () => {
  model.stop();
  await handle.close();
  vault.clear();
});

async function readChip(): Promise<{ pan: string; cardRef: string; sealed?: unknown }> {
  const pan = model.nextStockCard.chip.pan;
  await handle.call('to-read-position', null);
  const card = dispensedCardSchema.parse(await handle.call('read-chip', null));
  return { pan, cardRef: card.cardRef, sealed: card.sealed };
}
const codeOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'resolved', (e: unknown) => (e as { code?: unknown }).code);

describe('dispenser handle: chip read and the card vault', () => {
  it('keeps the chip read in the vault by reference; unsealed until the hub key is given, then sealed to it', async () => {
    const first = await readChip();
    expect(vault.get(first.cardRef)?.pan).toBe(first.pan);
    expect(first.sealed).toBeUndefined();
    const hub = generateCardKeyPair('hub-card-2');
    expect(await handle.call('set-card-key', hub.cardKey)).toEqual({ keyId: 'hub-card-2' });
    const again = dispensedCardSchema.parse(await handle.call('read-chip', null));
    // The same card read again replaces (and wipes) its earlier entry.
    expect(vault.get(first.cardRef)).toBeNull();
    expect(openSealedCard(sealedCardSchema.parse(again.sealed), hub.privateKey)).toMatchObject({ pan: first.pan, entry: 'chip', panSequence: '01' });
  });

  it('set-card-key and release-card refuse malformed arguments as card-handle does', async () => {
    expect(await codeOf(handle.call('set-card-key', { keyId: 'x' }))).toBe('INVALID_ARGS');
    expect(await codeOf(handle.call('release-card', {}))).toBe('INVALID_ARGS');
    expect(await codeOf(handle.call('eject', null))).toBe('UNKNOWN_METHOD');
  });

  it('release-card wipes the card; a second release says it was already gone', async () => {
    const { cardRef } = await readChip();
    expect(await handle.call('release-card', { cardRef })).toEqual({ released: true });
    expect(vault.get(cardRef)).toBeNull();
    expect(await handle.call('release-card', { cardRef })).toEqual({ released: false });
  });

  it('capture and reset-with-capture wipe the card', async () => {
    const a = await readChip();
    await handle.call('capture', null);
    expect(vault.get(a.cardRef)).toBeNull();
    const b = await readChip();
    await handle.call('reset', { capture: true });
    expect(vault.get(b.cardRef)).toBeNull();
  });

  it('taken by the customer, captured after the wait, or jammed: wiped; presented but still at the throat: kept', async () => {
    const a = await readChip();
    await handle.call('dispense', null);
    expect(vault.get(a.cardRef)?.pan).toBe(a.pan);
    model.takeCard();
    expect(await handle.call('wait-taken', { timeoutMs: 200 })).toEqual({ outcome: 'taken' });
    expect(vault.get(a.cardRef)).toBeNull();

    const b = await readChip();
    await handle.call('dispense', null);
    expect(await handle.call('wait-taken', { timeoutMs: 100 })).toEqual({ outcome: 'captured' });
    expect(vault.get(b.cardRef)).toBeNull();

    const c = await readChip();
    model.jamNextMotion();
    expect(await codeOf(handle.call('dispense', null))).toBe('JAM');
    expect(vault.get(c.cardRef)).toBeNull();
  });

  it('a card that is no longer seen in the channel (taken between polls) is wiped on the next status', async () => {
    const a = await readChip();
    await handle.call('dispense', null);
    model.takeCard();
    expect(await handle.call('status', null)).toMatchObject({ card: 'none' });
    expect(vault.get(a.cardRef)).toBeNull();
  });

  it('a failed chip read keeps nothing: NO_CARD and CHIP_UNREADABLE leave the vault empty', async () => {
    expect(await codeOf(handle.call('read-chip', null))).toBe('NO_CARD');
    await handle.call('to-read-position', null);
    model.chipMute = true;
    expect(await codeOf(handle.call('read-chip', null))).toBe('CHIP_UNREADABLE');
    expect(vault.size).toBe(0);
  });
});
