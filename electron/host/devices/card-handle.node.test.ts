// The card reader's handle in the device worker, with the real PC/SC driver over the in-memory
// binding and the real vault: a chip card read leaves as masked + cardRef; when it leaves the
// slot the vault wipes it and the host hears 'card-removed' with that reference (so a PIN entry
// bound to it stops). A reader that cannot tell removal (a swipe) keeps its card until released.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CardRead } from '../../../drivers/card/codec/card-read.js';
import { createEmvCardSimulator } from '../../../drivers/card/emv/card-simulator.js';
import { createPcscCardReader } from '../../../drivers/card/emv/pcsc-reader.node.js';
import { createFakePcsc } from '../../../drivers/card/emv/pcsc-simulator.node.js';
import type { CardReader } from '../../../drivers/device-classes.js';
import { silentLogger } from '../../../drivers/shared/logger.js';
import { cardHandle } from './card-handle.node.js';
import { createCardVault } from './card-vault.js';
import type { DeviceHandle } from './device-handle.js';
import { deviceConfigSchema } from './device-config.js';

const PAN = '6222021000000000017';
const chipConfig = deviceConfigSchema.parse({ role: 'chip', kind: 'card-reader', driver: 'emv-pcsc', transport: { type: 'pcsc' } });
const stripeConfig = deviceConfigSchema.parse({ role: 'stripe', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'serial', path: '/dev/null' } });

let handle: DeviceHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

describe('card handle: removal of a chip card', () => {
  it('wipes the card in the vault and tells the host which card left', async () => {
    const fake = createFakePcsc();
    const vault = createCardVault();
    const reads: CardRead[] = [];
    const reader = createPcscCardReader({ pcsc: () => fake });
    reader.onCard((r) => reads.push(r));
    handle = cardHandle(chipConfig, reader, vault, silentLogger);
    const events: { name: string; payload: unknown }[] = [];
    handle.onEvent((name, payload) => events.push({ name, payload }));
    await handle.open();
    const slot = fake.attach('R');
    slot.insert(createEmvCardSimulator({ pan: PAN, expiry: { year: 2030, month: 12 }, serviceCode: '201' }));
    await vi.waitFor(() => expect(events.map((e) => e.name)).toEqual(['card']));
    const { cardRef } = events[0]?.payload as { cardRef: string };
    expect(vault.get(cardRef)?.pan).toBe(PAN);

    slot.remove();
    expect(events.map((e) => e.name)).toEqual(['card', 'card-removed']);
    expect(events[1]?.payload).toEqual({ cardRef });
    expect(vault.get(cardRef)).toBeNull();
    expect(reads[0]?.wiped).toBe(true);
    expect(JSON.stringify(events)).not.toContain(PAN);
  });

  it('a reader that cannot tell removal keeps its card for the transaction', async () => {
    const vault = createCardVault();
    let emitCard: (r: CardRead) => void = () => undefined;
    const health: CardReader['health'] = { state: 'ready', since: new Date().toISOString() };
    const swipe: CardReader = {
      description: 'fake swipe',
      health,
      onHealth: () => () => undefined,
      onCard: (cb) => ((emitCard = cb), () => undefined),
      onError: () => () => undefined,
      open: async () => undefined,
      close: async () => undefined,
    };
    handle = cardHandle(stripeConfig, swipe, vault, silentLogger);
    const names: string[] = [];
    handle.onEvent((name) => names.push(name));
    emitCard(new CardRead({ source: 'magstripe', pan: PAN, expiry: { year: 2030, month: 12 }, serviceCode: '101' }));
    expect(names).toEqual(['card']);
    expect(vault.size).toBe(1);
  });
});
