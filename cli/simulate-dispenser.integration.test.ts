// `kioskctl simulate dispenser` as a technician uses it: the command prints the PTY path, the
// dispenser driver opens it, and lines typed on stdin are the customer's hand and the faults.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCardDispenser } from '../drivers/dispenser/dispenser.js';
import { createSerialTransport } from '../drivers/transports/serial.node.js';

let child: ChildProcessWithoutNullStreams | undefined;

afterEach(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child.stdin.end('quit\n');
  await exited;
});

describe('kioskctl simulate dispenser', () => {
  it('presents a card the typed `take` removes; `chip mute` makes a chip read fail; `stock 3` makes the driver report stock-low', async () => {
    const c = spawn(process.execPath, ['cli/kioskctl.mjs', 'simulate', 'dispenser'], { stdio: 'pipe' });
    child = c;
    let out = '';
    c.stdout.setEncoding('utf8');
    c.stdout.on('data', (chunk: string) => (out += chunk));
    await vi.waitFor(() => expect(out).toMatch(/on (\S+);/), { timeout: 30_000, interval: 50 });
    const path = /on (\S+);/.exec(out)?.[1] ?? '';

    const dispenser = createCardDispenser({ transport: createSerialTransport({ path }), pollMs: 100, takePollMs: 50 });
    await dispenser.open();
    try {
      expect(await dispenser.dispense()).toMatchObject({ card: 'throat' });
      const taken = dispenser.waitTaken({ timeoutMs: 10_000 });
      c.stdin.write('take\n');
      expect(await taken).toEqual({ outcome: 'taken' });
      expect(out).toContain('card taken');
      // `chip mute` leaves the IC module without an answer; `chip ok` gives the chip back.
      await dispenser.moveToReadPosition();
      c.stdin.write('chip mute\n');
      await vi.waitFor(() => expect(out).toContain('chips mute'), { timeout: 5000 });
      await expect(dispenser.readChip()).rejects.toMatchObject({ code: 'CHIP_UNREADABLE' });
      c.stdin.write('chip ok\n');
      await vi.waitFor(() => expect(out.split('\n').filter((l) => l.includes('card read-position')).at(-1)).not.toContain('chips mute'), { timeout: 5000 });
      expect((await dispenser.readChip()).source).toBe('chip');
      await dispenser.capture();
      c.stdin.write('stock 3\n');
      await vi.waitFor(() => expect(dispenser.health).toMatchObject({ state: 'attention', reason: 'stock-low' }), { timeout: 5000 });
    } finally {
      await dispenser.close();
    }
  }, 60_000);
});
