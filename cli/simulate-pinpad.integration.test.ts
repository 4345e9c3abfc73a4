// `kioskctl simulate pinpad` as a technician uses it: the command prints the PTY path, the PIN
// pad driver opens it, and lines typed on stdin are the customer's keys.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinPad } from '../drivers/pinpad/pinpad.js';
import { isDecodeError } from '../drivers/pinpad/codec/errors.js';
import { DEMO_PIN_KEYS, keyBytes } from '../drivers/pinpad/demo-keys.js';
import { decipherPinBlock } from '../drivers/pinpad/pin-block-crypto.node.js';
import { createSerialTransport } from '../drivers/transports/serial.node.js';

const PAN = '6212345678901265';
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child.stdin.end('quit\n');
  await exited;
});

describe('kioskctl simulate pinpad', () => {
  it('types the PIN the kiosk asked for; the block opens to it under the demo key', async () => {
    const c = spawn(process.execPath, ['cli/kioskctl.mjs', 'simulate', 'pinpad'], { stdio: 'pipe' });
    child = c;
    let out = '';
    c.stdout.setEncoding('utf8');
    c.stdout.on('data', (chunk: string) => (out += chunk));
    await vi.waitFor(() => expect(out).toMatch(/on (\S+);/), { timeout: 30_000, interval: 50 });
    const path = /on (\S+);/.exec(out)?.[1] ?? '';

    const pad = createPinPad({ transport: createSerialTransport({ path }), pollMs: 0 });
    await pad.open();
    const counts: number[] = [];
    pad.onEntry((e) => counts.push(e.digits));
    const block = pad.readPin({ pan: PAN, keyId: 'demo-pek-aes-1', format: 4, timeoutMs: 20_000 });
    await vi.waitFor(
      () => {
        c.stdin.write('state\n');
        expect(out).toContain('entry running');
      },
      { timeout: 10_000, interval: 200 },
    );
    c.stdin.write('type 97 \nbackspace\ntype 531 enter\n');
    const result = await block;
    await pad.close();
    const pin = decipherPinBlock({ format: 4, key: keyBytes(DEMO_PIN_KEYS['demo-pek-aes-1']!), block: new Uint8Array(Buffer.from(result.block, 'hex')), pan: PAN });
    expect(isDecodeError(pin) ? pin.code : Array.from(pin).join('')).toBe('9531');
    expect(counts).toEqual([1, 2, 1, 2, 3, 4]);
  }, 60_000);
});
