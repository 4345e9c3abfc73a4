// Per-device working keys over the real serial transport: the simulated pad gets its terminal
// master key in a (simulated) key ceremony, a working key arrives as a TR-31 key block wrapped
// under it, PIN blocks are made under that key and name it; a wrong or altered block is refused
// with a typed error and the pad keeps the key it had; a new block replaces the old key.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinPadError, type PinPad } from '../device-classes.js';
import { createSerialTransport } from '../transports/serial.node.js';
import { isDecodeError } from './codec/errors.js';
import { decipherPinBlock } from './pin-block-crypto.node.js';
import { createPinPad } from './pinpad.js';
import { startPinPadSimulator, type PinPadSimulator } from './simulator.node.js';
import { aesKcv, wrapKeyBlock, wrapPinWorkingKey } from './tr31-key-block.node.js';

const PAN = '6222021000000000017';
const PIN = '123456';

async function typedPin(pad: PinPad, sim: PinPadSimulator, keyId: string): Promise<string> {
  const result = pad.readPin({ pan: PAN, keyId, format: 4, timeoutMs: 10_000 });
  await sim.whenEntryStarts();
  await sim.type(PIN, { enter: true });
  const block = await result;
  expect(block.keyId).toBe(keyId);
  return block.block;
}

const opens = (key: Buffer, block: string): string => {
  const pin = decipherPinBlock({ format: 4, key, block: new Uint8Array(Buffer.from(block, 'hex')), pan: PAN });
  return isDecodeError(pin) ? `!${pin.code}` : Array.from(pin).join('');
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof PinPadError ? err.code : 'untyped';
  }
}

describe('PIN pad working keys under a terminal master key', () => {
  let sim: PinPadSimulator;
  let pad: PinPad;
  let logLines: string[];
  let tmk: Buffer;

  beforeEach(async () => {
    sim = await startPinPadSimulator();
    // The key ceremony: two custodians, one component each; the TMK is their XOR.
    const a = randomBytes(16);
    const b = randomBytes(16);
    tmk = Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));
    expect(sim.epp.loadMasterKey([a, b])).toBe(aesKcv(tmk));
    logLines = [];
    pad = createPinPad({ transport: createSerialTransport({ path: sim.path }), replyTimeoutMs: 400, frameTimeoutMs: 60, pollMs: 0, entryPollMs: 0, log: pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) }) });
    await pad.open();
  });

  afterEach(async () => {
    await pad.close();
    await sim.close();
  });

  it('loads a key block, reports its id and check value, and makes PIN blocks under it that name it', async () => {
    const key = randomBytes(16);
    expect(await pad.workingKey()).toBeNull();
    expect(await pad.loadWorkingKey(wrapPinWorkingKey(tmk, 'pek-k07-1', key))).toEqual({ keyId: 'pek-k07-1', kcv: aesKcv(key) });
    // What a host that restarts asks the pad (it keeps its key).
    expect(await pad.workingKey()).toEqual({ keyId: 'pek-k07-1', kcv: aesKcv(key) });
    expect(sim.epp.workingKey).toEqual({ keyId: 'pek-k07-1', kcv: aesKcv(key) });
    const block = await typedPin(pad, sim, 'pek-k07-1');
    expect(opens(key, block)).toBe(PIN);
    const log = logLines.join('\n');
    expect(log).toContain(aesKcv(key));
    expect(log).not.toContain(key.toString('hex').toUpperCase());
    expect(log).not.toContain(key.toString('hex'));
  });

  it('rotation: a new key block replaces the old key; the old id is no longer known to the pad', async () => {
    const first = randomBytes(16);
    const second = randomBytes(16);
    await pad.loadWorkingKey(wrapPinWorkingKey(tmk, 'pek-k07-1', first));
    await pad.loadWorkingKey(wrapPinWorkingKey(tmk, 'pek-k07-2', second));
    expect(await pad.workingKey()).toEqual({ keyId: 'pek-k07-2', kcv: aesKcv(second) });
    expect(opens(second, await typedPin(pad, sim, 'pek-k07-2'))).toBe(PIN);
    expect(await codeOf(pad.readPin({ pan: PAN, keyId: 'pek-k07-1', format: 4, timeoutMs: 10_000 }))).toBe('KEY_NOT_FOUND');
  });

  it('a block under another TMK, an altered block, a key for another use: KEY_BLOCK_REJECTED, and the pad keeps its key', async () => {
    const key = randomBytes(16);
    await pad.loadWorkingKey(wrapPinWorkingKey(tmk, 'pek-k07-1', key));
    const good = wrapPinWorkingKey(tmk, 'pek-k07-2', randomBytes(16));
    const tampered = good.slice(0, 60) + (good[60] === 'A' ? 'B' : 'A') + good.slice(61);
    const otherUse = wrapKeyBlock(tmk, { usage: 'M3', algorithm: 'A', modeOfUse: 'C', keyVersion: '00', exportability: 'N', optional: [{ id: '10', data: 'pek-k07-3' }] }, randomBytes(16));
    for (const block of [wrapPinWorkingKey(randomBytes(16), 'pek-k07-2', randomBytes(16)), tampered, good.replace('pek-k07-2', 'pek-k08-2'), otherUse]) {
      expect(await codeOf(pad.loadWorkingKey(block))).toBe('KEY_BLOCK_REJECTED');
      expect(sim.epp.workingKey).toEqual({ keyId: 'pek-k07-1', kcv: aesKcv(key) });
    }
    expect(await codeOf(pad.loadWorkingKey('not a key block'))).toBe('KEY_BLOCK_REJECTED');
    expect(opens(key, await typedPin(pad, sim, 'pek-k07-1'))).toBe(PIN);
  });

  it('a pad without a master key (no ceremony yet) refuses every key block with NO_MASTER_KEY', async () => {
    const bare = await startPinPadSimulator();
    const other = createPinPad({ transport: createSerialTransport({ path: bare.path }), replyTimeoutMs: 400, frameTimeoutMs: 60, pollMs: 0, entryPollMs: 0 });
    await other.open();
    try {
      expect(await codeOf(other.loadWorkingKey(wrapPinWorkingKey(tmk, 'pek-k07-1', randomBytes(16))))).toBe('NO_MASTER_KEY');
      expect(bare.epp.workingKey).toBeNull();
    } finally {
      await other.close();
      await bare.close();
    }
  });
});
