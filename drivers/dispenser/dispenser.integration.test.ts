// The card dispenser driver over a socat PTY pair with the real serialport transport, against
// the simulated dispenser on the other end: a card presented and taken, or captured when the
// customer walks away; stock, cover, jam and cable faults surface as health and typed errors.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CardDispenserError, type CardDispenser, type CardDispenserHealthReason, type DeviceHealthEvent } from '../device-classes.js';
import { createSerialTransport } from '../transports/serial.node.js';
import { createCardDispenser } from './dispenser.js';
import { startDispenserSimulator, type DispenserSimulator } from './simulator.node.js';

async function rejection(p: Promise<unknown>): Promise<CardDispenserError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CardDispenserError);
  return err as CardDispenserError;
}

describe('card dispenser over a PTY', () => {
  let sim: DispenserSimulator;
  let dispenser: CardDispenser;
  let seen: DeviceHealthEvent<CardDispenserHealthReason>[];

  beforeEach(async () => {
    sim = await startDispenserSimulator({ stock: 12, lowThreshold: 10, binCapacity: 2, motionMs: 80 });
    dispenser = createCardDispenser({ transport: createSerialTransport({ path: sim.path }), ackTimeoutMs: 500, answerTimeoutMs: 1500, frameTimeoutMs: 60, pollMs: 100, takePollMs: 50 });
    seen = [];
    dispenser.onHealth((h) => seen.push(h));
    await dispenser.open();
  });

  afterEach(async () => {
    await dispenser.close();
    await sim.close();
  });

  it('dispense presents one card at the throat (busy meanwhile); the customer takes it; ready again', async () => {
    expect(dispenser.health.state).toBe('ready');
    const presented = await dispenser.dispense();
    expect(presented).toMatchObject({ card: 'throat', stock: 'full' });
    expect(sim.dispenser.card).toBe('throat');
    expect(sim.dispenser.stock).toBe(11);
    expect(seen.map((h) => h.state)).toContain('busy');
    const taken = dispenser.waitTaken({ timeoutMs: 5000 });
    setTimeout(() => sim.takeCard(), 200);
    expect(await taken).toEqual({ outcome: 'taken' });
    expect(sim.dispenser.binCount).toBe(0);
    expect(dispenser.health.state).toBe('ready');
  });

  it('a card not taken in time is captured into the bin and reported captured, not thrown', async () => {
    await dispenser.dispense();
    const started = Date.now();
    expect(await dispenser.waitTaken({ timeoutMs: 300 })).toEqual({ outcome: 'captured' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sim.dispenser.card).toBe('none');
    expect(sim.dispenser.binCount).toBe(1);
    expect(sim.dispenser.executed.filter((c) => c === 'capture')).toHaveLength(1);
  });

  it('the take timeout defaults to the configured one', async () => {
    await dispenser.close();
    dispenser = createCardDispenser({ transport: createSerialTransport({ path: sim.path }), pollMs: 0, takePollMs: 50, takeTimeoutMs: 250 });
    await dispenser.open();
    await dispenser.dispense();
    expect(await dispenser.waitTaken()).toEqual({ outcome: 'captured' });
  });

  it('moves a card to the read position first, then presents that same card', async () => {
    expect(await dispenser.moveToReadPosition()).toMatchObject({ card: 'read-position' });
    expect(sim.dispenser.stock).toBe(11);
    expect(await dispenser.dispense()).toMatchObject({ card: 'throat' });
    expect(sim.dispenser.stock).toBe(11);
    expect(await dispenser.capture()).toMatchObject({ card: 'none' });
  });

  it('a jam mid-dispense rejects JAM and is error/jam until freed and reset', async () => {
    sim.jamNextMotion();
    expect((await rejection(dispenser.dispense())).code).toBe('JAM');
    expect(dispenser.health).toMatchObject({ state: 'error', reason: 'jam' });
    expect((await rejection(dispenser.dispense())).code).toBe('JAM');
    expect((await rejection(dispenser.reset())).code).toBe('JAM');
    sim.clearJam();
    expect(await dispenser.reset()).toMatchObject({ jam: false });
    expect(dispenser.health.state).toBe('ready');
    expect(await dispenser.dispense()).toMatchObject({ card: 'throat' });
  });

  it('stock going low is attention/stock-low (still dispensing); empty is attention/stock-out and dispense rejects STOCK_OUT', async () => {
    await dispenser.dispense();
    sim.takeCard();
    await dispenser.dispense(); // 10 left: at the low-card sensor
    sim.takeCard();
    expect(dispenser.health).toMatchObject({ state: 'attention', reason: 'stock-low' });
    expect(await dispenser.dispense()).toMatchObject({ card: 'throat', stock: 'low' });
    sim.takeCard();
    sim.setStock(0);
    await vi.waitFor(() => expect(dispenser.health).toMatchObject({ state: 'attention', reason: 'stock-out' }), { timeout: 2000 });
    expect((await rejection(dispenser.dispense())).code).toBe('STOCK_OUT');
    sim.setStock(200);
    await vi.waitFor(() => expect(dispenser.health.state).toBe('ready'), { timeout: 2000 });
  });

  it('cover open: attention/cover-open, a dispense rejects COVER_OPEN and moves nothing; closing it makes it ready', async () => {
    sim.setCoverOpen(true);
    await vi.waitFor(() => expect(dispenser.health).toMatchObject({ state: 'attention', reason: 'cover-open' }), { timeout: 2000 });
    expect((await rejection(dispenser.dispense())).code).toBe('COVER_OPEN');
    expect(sim.dispenser.stock).toBe(12);
    sim.setCoverOpen(false);
    await vi.waitFor(() => expect(dispenser.health.state).toBe('ready'), { timeout: 2000 });
  });

  it('a full capture bin: attention/capture-bin-full, and waitTaken rejects CAPTURE_BIN_FULL with the card still presented', async () => {
    for (let i = 0; i < 2; i++) {
      await dispenser.dispense();
      expect(await dispenser.waitTaken({ timeoutMs: 50 })).toEqual({ outcome: 'captured' });
    }
    expect(dispenser.health).toMatchObject({ state: 'attention', reason: 'capture-bin-full' });
    await dispenser.dispense();
    expect((await rejection(dispenser.waitTaken({ timeoutMs: 50 }))).code).toBe('CAPTURE_BIN_FULL');
    expect(sim.dispenser.card).toBe('throat');
    sim.takeCard();
    sim.emptyBin();
    sim.setStock(50);
    await vi.waitFor(() => expect(dispenser.health.state).toBe('ready'), { timeout: 2000 });
  });

  it('a second dispense while a card waits at the throat rejects CARD_IN_CHANNEL; capture with no card rejects NO_CARD', async () => {
    await dispenser.dispense();
    expect((await rejection(dispenser.dispense())).code).toBe('CARD_IN_CHANNEL');
    expect(sim.dispenser.stock).toBe(11);
    sim.takeCard();
    expect((await rejection(dispenser.capture())).code).toBe('NO_CARD');
  });

  it('a torn answer is asked for again (ENQ): the card moves once and nothing is lost', async () => {
    sim.tearNextAnswers(2);
    expect(await dispenser.dispense()).toMatchObject({ card: 'throat' });
    expect(sim.dispenser.executed.filter((c) => c === 'to-throat')).toHaveLength(1);
    expect(sim.dispenser.stock).toBe(11);
  });

  it('a NAKed command frame is sent again and runs once', async () => {
    sim.dispenser.nakNextCommands(2);
    expect(await dispenser.dispense()).toMatchObject({ card: 'throat' });
    expect(sim.dispenser.executed.filter((c) => c === 'to-throat')).toHaveLength(1);
  });

  it('a silent dispenser rejects TIMEOUT and is offline/no-response; ready again once it answers', async () => {
    sim.setSilent(true);
    expect((await rejection(dispenser.dispense())).code).toBe('TIMEOUT');
    expect(dispenser.health).toMatchObject({ state: 'offline', reason: 'no-response' });
    sim.setSilent(false);
    await vi.waitFor(() => expect(dispenser.health.state).toBe('ready'), { timeout: 2000 });
  });

  it('unplugged: offline/disconnected at once, a command rejects OFFLINE; plugged back in, open() makes it ready with its cards', async () => {
    await dispenser.dispense();
    await sim.unplug();
    await vi.waitFor(() => expect(dispenser.health).toMatchObject({ state: 'offline', reason: 'disconnected' }), { timeout: 3000 });
    expect((await rejection(dispenser.status())).code).toBe('OFFLINE');
    expect((await rejection(dispenser.open())).code).toBe('OFFLINE');
    await sim.plugIn();
    await dispenser.open();
    expect(dispenser.health.state).toBe('ready');
    expect(await dispenser.status()).toMatchObject({ card: 'throat' });
    expect(await dispenser.waitTaken({ timeoutMs: 50 })).toEqual({ outcome: 'captured' });
  });

  it('unplugged while the card travels: the dispense rejects OFFLINE at the hang-up, not at a timeout', async () => {
    await dispenser.close();
    dispenser = createCardDispenser({ transport: createSerialTransport({ path: sim.path }), answerTimeoutMs: 10_000, pollMs: 0 });
    await dispenser.open();
    const p = rejection(dispenser.dispense());
    await vi.waitFor(() => expect(sim.dispenser.executed).toContain('to-throat'), { timeout: 2000, interval: 5 });
    // The answer must not slip out before the cable goes: the hang-up is what ends the wait.
    sim.setSilent(true);
    const started = Date.now();
    await sim.unplug();
    expect((await p).code).toBe('OFFLINE');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(dispenser.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
  });
});
