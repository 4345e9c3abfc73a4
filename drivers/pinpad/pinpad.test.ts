// The driver against the in-process EPP model over a memory transport: the paths the PTY test
// does not time well (idle polling, replies the pad should not send).
import { afterEach, describe, expect, it } from 'vitest';
import { PinPadError, type PinPad } from '../device-classes.js';
import { TransportError } from '../transports/byte-transport.js';
import { createMemoryTransport, type MemoryDeviceEnd } from '../transports/memory-transport.js';
import { encodeReply } from './codec/messages.js';
import { createPinPad } from './pinpad.js';
import { SimulatedEpp } from './sim/epp.node.js';

const PAN = '6212345678901265';
let epp: SimulatedEpp;
let device: MemoryDeviceEnd;
let pad: PinPad;

function setup(opts: { pollMs?: number; intercept?: (bytes: Uint8Array) => Uint8Array | null } = {}): void {
  const mem = createMemoryTransport('memory://epp');
  device = mem.device;
  epp = new SimulatedEpp((bytes) => {
    const out = opts.intercept ? opts.intercept(bytes) : bytes;
    if (out) device.write(out);
  });
  device.onData((bytes) => epp.receive(bytes));
  pad = createPinPad({ transport: mem.transport, replyTimeoutMs: 100, frameTimeoutMs: 20, pollMs: opts.pollMs ?? 0, entryPollMs: 0, entryGraceMs: 200 });
}

const until = async (check: () => boolean, ms = 2000): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

afterEach(async () => {
  epp.reset();
  await pad.close();
});

describe('PIN pad driver (memory transport)', () => {
  it('the idle poll notices a pad gone silent, a tamper event, and recovery', async () => {
    setup({ pollMs: 30 });
    await pad.open();
    expect(pad.health.state).toBe('ready');
    epp.silent = true;
    await until(() => pad.health.reason === 'no-response');
    expect(pad.health.state).toBe('offline');
    epp.silent = false;
    epp.tamper = true;
    await until(() => pad.health.reason === 'tamper');
    expect(pad.health.state).toBe('error');
    epp.tamper = false;
    await until(() => pad.health.state === 'ready');
  });

  it('a PIN block of another format than asked is a DEVICE_ERROR, not a block', async () => {
    setup({ intercept: (bytes) => (bytes[3] === 0x45 ? encodeReply({ kind: 'pin-block', format: 0, block: new Uint8Array(8) }) : bytes) });
    await pad.open();
    const p = pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 5000 }).catch((e: unknown) => e);
    await until(() => epp.entryActive);
    for (const d of [1, 2, 3, 4]) epp.pressDigit(d);
    epp.press('enter');
    const err = await p;
    expect(err).toBeInstanceOf(PinPadError);
    expect((err as PinPadError).code).toBe('DEVICE_ERROR');
  });

  it('a pad that stops talking mid-entry is NO_RESPONSE after the entry timeout and grace', async () => {
    setup();
    await pad.open();
    const p = pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 150 }).catch((e: unknown) => e);
    await until(() => epp.entryActive);
    epp.silent = true;
    // The model's own timeout would report 'timeout'; a silent pad's report is lost.
    const started = Date.now();
    const err = await p;
    expect((err as PinPadError).code).toBe('NO_RESPONSE');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pad.health).toMatchObject({ state: 'offline', reason: 'no-response' });
  });

  it('refuses entry before open and rejects bad requests without touching the pad', async () => {
    setup();
    await expect(pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 1000 })).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await pad.open();
    for (const bad of [
      { pan: '62123456789A1265', keyId: 'demo-pek-aes-1', format: 4 as const, timeoutMs: 1000 },
      { pan: PAN, keyId: 'demo-pek-aes-1', format: 4 as const, minLength: 6, maxLength: 5, timeoutMs: 1000 },
      { pan: PAN, keyId: 'demo-pek-aes-1', format: 4 as const, timeoutMs: 10 },
    ]) {
      await expect(pad.readPin(bad)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    }
    expect(epp.received).toEqual(['status']);
  });
});

describe('PIN pad driver: a write that fails mid-entry (the line is going)', () => {
  it('ends the entry DISCONNECTED without a cancel the gone pad cannot answer', async () => {
    const mem = createMemoryTransport('memory://epp');
    const model = new SimulatedEpp((bytes) => mem.device.write(bytes));
    mem.device.onData((bytes) => model.receive(bytes));
    let failNextWrite = false;
    const written: Uint8Array[] = [];
    // The OS refused one write (EIO while unplugging) before any hang-up was seen: still 'open'.
    const transport = {
      ...mem.transport,
      get state() {
        return mem.transport.state;
      },
      write: (bytes: Uint8Array) => {
        if (failNextWrite) {
          failNextWrite = false;
          return Promise.reject(new TransportError('WRITE_FAILED', 'write to memory://epp failed: EIO'));
        }
        written.push(bytes);
        return mem.transport.write(bytes);
      },
    };
    const driver = createPinPad({ transport, replyTimeoutMs: 100, frameTimeoutMs: 20, pollMs: 0, entryPollMs: 30, entryGraceMs: 200 });
    await driver.open();
    try {
      const p = driver.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 5000 }).catch((e: unknown) => e);
      await until(() => model.entryActive);
      const before = written.length;
      model.silent = true;
      failNextWrite = true;
      const err = await p;
      expect((err as PinPadError).code).toBe('DISCONNECTED');
      expect(written.length).toBe(before);
      expect(driver.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
    } finally {
      model.reset();
      await driver.close();
    }
  });
});
