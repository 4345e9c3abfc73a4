// An unplug the serial poller never hears about: the device node disappears but no hang-up
// reaches the open descriptor (here: a symlink to a live PTY is removed while socat keeps the
// line up). The transport must still close, as it would on a hang-up.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent } from '../shared/next-event.testing.js';
import type { ByteTransport, TransportState } from './byte-transport.js';
import { openPtyPair, type PtyPair } from './pty-pair.node.js';
import { createSerialTransport } from './serial.node.js';

describe('serial transport without a hang-up', () => {
  let pair: PtyPair | undefined;
  let transport: ByteTransport | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await transport?.close();
    await pair?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('closes when its device node goes away', async () => {
    pair = await openPtyPair();
    dir = mkdtempSync(path.join(os.tmpdir(), 'bk-serial-node-'));
    const node = path.join(dir, 'ttyUSB0');
    symlinkSync(pair.driverPath, node);
    transport = createSerialTransport({ path: node, baudRate: 9600 });
    await transport.open();
    const t = transport;
    const closed = nextEvent<TransportState>('closed after the node went away', (cb) => t.onState((s) => s === 'closed' && cb(s)));
    rmSync(node);
    expect(await closed).toBe('closed');
    expect(transport.state).toBe('closed');
  });
});
