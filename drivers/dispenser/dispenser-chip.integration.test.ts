// Reading the chip of a card at the dispenser's read position (issue 11, card issuance): the
// driver over a socat PTY pair with the real serialport transport, the simulated dispenser's IC
// module on the other end. The read is a CardRead like a card reader's: masked when serialised.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CardDispenserError, type CardDispenser } from '../device-classes.js';
import { createSerialTransport } from '../transports/serial.node.js';
import { createCardDispenser } from './dispenser.js';
import type { StockCard } from './sim/stock-cards.js';
import { startDispenserSimulator, type DispenserSimulator } from './simulator.node.js';

let sim: DispenserSimulator;
let dispenser: CardDispenser;

async function setUp(stockCards?: readonly StockCard[]): Promise<void> {
  sim = await startDispenserSimulator({ stock: 20, motionMs: 40, ...(stockCards ? { stockCards } : {}) });
  dispenser = createCardDispenser({ transport: createSerialTransport({ path: sim.path }), ackTimeoutMs: 500, answerTimeoutMs: 1500, frameTimeoutMs: 60, pollMs: 0 });
  await dispenser.open();
}

afterEach(async () => {
  await dispenser?.close();
  await sim?.close();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CardDispenserError);
  return (err as CardDispenserError).code;
}

describe('chip read at the read position over a PTY', () => {
  it('reads the chip of the next stock card: PAN, expiry, PAN sequence, service code; serialised masked only', async () => {
    await setUp();
    const expected = sim.dispenser.nextStockCard.chip;
    await dispenser.moveToReadPosition();
    const read = await dispenser.readChip();
    expect(read.pan).toBe(expected.pan);
    expect(read).toMatchObject({ source: 'chip', expiry: { year: 2031, month: 12 }, panSequence: '01', serviceCode: '201', bin: '622202', last4: expected.pan.slice(-4) });
    expect(read.maskedPan).toBe(`622202*********${expected.pan.slice(-4)}`);
    const json = JSON.stringify(read);
    expect(json).not.toContain(expected.pan);
    expect(JSON.parse(json)).toEqual({ source: 'chip', maskedPan: read.maskedPan, bin: '622202', last4: expected.pan.slice(-4), expiry: { year: 2031, month: 12 }, serviceCode: '201', panSequence: '01', hasName: false, wiped: false });
    expect(inspect(read)).not.toContain(expected.pan);
    read.wipe();
    expect(read.pan).toBe('');
    expect(dispenser.health.state).toBe('ready');
  });

  it('the card read is the card presented; the next card from the stacker carries the next chip', async () => {
    await setUp();
    await dispenser.moveToReadPosition();
    const first = await dispenser.readChip();
    expect(await dispenser.dispense()).toMatchObject({ card: 'throat' });
    sim.takeCard();
    await dispenser.moveToReadPosition();
    const second = await dispenser.readChip();
    expect(second.pan).not.toBe(first.pan);
    expect(second.pan).toBe(sim.dispenser.channelCard?.chip.pan);
    expect(sim.dispenser.executed.filter((c) => c === 'read-chip')).toHaveLength(2);
  });

  it('no card at the read position → NO_CARD, nor at the throat (the IC contacts do not reach it)', async () => {
    await setUp();
    expect(await codeOf(dispenser.readChip())).toBe('NO_CARD');
    await dispenser.dispense();
    expect(await codeOf(dispenser.readChip())).toBe('NO_CARD');
    expect(sim.dispenser.card).toBe('throat');
    expect(dispenser.health.state).toBe('ready');
  });

  it('a mute chip → CHIP_UNREADABLE and the card stays at the read position; the device is not faulted', async () => {
    await setUp();
    await dispenser.moveToReadPosition();
    sim.setChipMute(true);
    expect(await codeOf(dispenser.readChip())).toBe('CHIP_UNREADABLE');
    expect(sim.dispenser.card).toBe('read-position');
    expect(dispenser.health.state).toBe('ready');
    sim.setChipMute(false);
    expect((await dispenser.readChip()).pan).toBe(sim.dispenser.channelCard?.chip.pan);
  });

  it('a stock card with a dead chip, no payment application, or a PAN failing its check digit → CHIP_UNREADABLE', async () => {
    const chip = { pan: '6222021000000100015', expiry: '3112', panSequence: '01', serviceCode: '201' };
    await setUp([{ chip, fault: 'mute' }, { chip, fault: 'no-application' }, { chip: { ...chip, pan: '6222021000000100016' } }, { chip: { ...chip, expiry: '3113' } }, { chip }]);
    for (let i = 0; i < 4; i++) {
      await dispenser.moveToReadPosition();
      const err = await dispenser.readChip().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'CHIP_UNREADABLE' });
      // The message names what failed, never the number.
      expect(String((err as Error).message)).not.toMatch(/\d{12}/);
      await dispenser.capture();
    }
    await dispenser.moveToReadPosition();
    expect((await dispenser.readChip()).pan).toBe(chip.pan);
    expect(sim.dispenser.binCount).toBe(4);
  });

  it('a torn answer is asked for again (ENQ): the chip is read once and the PAN arrives whole', async () => {
    await setUp();
    await dispenser.moveToReadPosition();
    sim.tearNextAnswers(2);
    const read = await dispenser.readChip();
    expect(read.pan).toBe(sim.dispenser.channelCard?.chip.pan);
    expect(sim.dispenser.executed.filter((c) => c === 'read-chip')).toHaveLength(1);
  });

  it('an answer torn every time ends in DEVICE_ERROR, not a hang and not a partial PAN', async () => {
    await setUp();
    await dispenser.moveToReadPosition();
    sim.tearNextAnswers(100);
    const started = Date.now();
    expect(await codeOf(dispenser.readChip())).toBe('DEVICE_ERROR');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sim.dispenser.executed.filter((c) => c === 'read-chip')).toHaveLength(1);
  });
});
