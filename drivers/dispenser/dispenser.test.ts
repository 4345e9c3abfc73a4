// The driver against the simulated dispenser over the in-memory transport: the exchange's edge
// cases (noise, stale or foreign answers, NAK storms, a device that does not know a command)
// without PTYs. The same scenarios over a real serial line are in dispenser.integration.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { CardDispenserError, type CardDispenser } from '../device-classes.js';
import { createMemoryTransport, type MemoryDeviceEnd } from '../transports/memory-transport.js';
import { encodeControl, encodeFrame } from './codec/frame.js';
import { encodeResponse } from './codec/messages.js';
import { createCardDispenser } from './dispenser.js';
import { SimulatedDispenser } from './sim/dispenser-model.js';

let dispenser: CardDispenser;
let model: SimulatedDispenser;
let device: MemoryDeviceEnd;

async function setUp(opts: { intercept?: (bytes: Uint8Array, pass: () => void) => void } = {}): Promise<void> {
  const memory = createMemoryTransport('memory://dispenser');
  device = memory.device;
  model = new SimulatedDispenser((bytes) => device.write(bytes), { stock: 50, motionMs: 5 });
  device.onData((bytes) => (opts.intercept ? opts.intercept(bytes, () => model.receive(bytes)) : model.receive(bytes)));
  dispenser = createCardDispenser({ transport: memory.transport, ackTimeoutMs: 100, answerTimeoutMs: 200, frameTimeoutMs: 20, pollMs: 0, takePollMs: 10 });
  await dispenser.open();
}

afterEach(async () => {
  model.stop();
  await dispenser.close();
});

const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof CardDispenserError ? e.code : `not typed: ${String(e)}`));

describe('card dispenser driver (in memory)', () => {
  it('line noise between units is skipped; the exchange still completes', async () => {
    await setUp({
      intercept: (bytes, pass) => {
        device.write(Uint8Array.of(0x00, 0x7f, 0xff));
        pass();
      },
    });
    expect(await dispenser.dispense()).toMatchObject({ card: 'throat' });
    expect(model.executed).toEqual(['status', 'to-throat']);
  });

  it('an answer to another command is not taken for this one: the driver asks again', async () => {
    let first = true;
    await setUp({
      intercept: (bytes, pass) => {
        if (first && bytes.length === 1 && bytes[0] === 0x05 && model.executed.at(-1) === 'to-throat') {
          first = false;
          device.write(encodeResponse({ kind: 'positive', command: 'status', sensors: model.sensors }));
          return;
        }
        pass();
      },
    });
    expect(await dispenser.dispense()).toMatchObject({ card: 'throat' });
    expect(model.executed.filter((c) => c === 'to-throat')).toHaveLength(1);
  });

  it('a dispenser that NAKs every frame: DEVICE_ERROR after the repeats, nothing moved', async () => {
    await setUp();
    model.nakNextCommands(10);
    expect(await codeOf(dispenser.dispense())).toBe('DEVICE_ERROR');
    expect(model.stock).toBe(50);
  });

  it('a dispenser that does not know a command: DEVICE_ERROR and health error/device-error', async () => {
    await setUp({
      intercept: (bytes, pass) => {
        if (bytes.length > 1 && bytes[3] === 0x43 && bytes[4] === 0x32) return model.receive(encodeFrame(Uint8Array.from('C77', (c) => c.charCodeAt(0))));
        pass();
      },
    });
    expect(await codeOf(dispenser.dispense())).toBe('DEVICE_ERROR');
    expect(dispenser.health).toMatchObject({ state: 'error', reason: 'device-error' });
    // A status answer does not show the mechanism works; a reset does.
    await dispenser.status();
    expect(dispenser.health).toMatchObject({ state: 'error', reason: 'device-error' });
    await dispenser.reset();
    expect(dispenser.health.state).toBe('ready');
  });

  it('an answer that never completes (torn, then silence every time) ends in DEVICE_ERROR, not a hang', async () => {
    await setUp();
    model.tearNextAnswers(100);
    const started = Date.now();
    expect(await codeOf(dispenser.status())).toBe('DEVICE_ERROR');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an unasked ACK or answer while idle is ignored', async () => {
    await setUp();
    device.write(encodeControl('ack'));
    device.write(encodeResponse({ kind: 'positive', command: 'to-throat', sensors: { ...model.sensors, card: 'throat' } }));
    await new Promise((r) => setTimeout(r, 30));
    expect(await dispenser.status()).toMatchObject({ card: 'none' });
  });

  it('waitTaken with no card presented rejects NO_CARD; a card taken before the wait counts as taken', async () => {
    await setUp();
    await dispenser.moveToReadPosition();
    expect(await codeOf(dispenser.waitTaken({ timeoutMs: 50 }))).toBe('NO_CARD');
    await dispenser.dispense();
    model.takeCard();
    expect(await dispenser.waitTaken({ timeoutMs: 50 })).toEqual({ outcome: 'taken' });
    expect(model.binCount).toBe(0);
  });

  it('reset with capture clears the channel into the bin', async () => {
    await setUp();
    await dispenser.moveToReadPosition();
    expect(await dispenser.reset({ capture: true })).toMatchObject({ card: 'none' });
    expect(model.binCount).toBe(1);
  });
});
