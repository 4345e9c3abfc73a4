// The vpcd client against a stand-in for vpcd on loopback: the same byte protocol pcscd's vpcd
// speaks, checked message by message (the real vpcd is in pcsc-reader.integration.test.ts).
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmvCardSimulator } from './card-simulator.js';
import { encodeVpcdMessage } from './codec/vpcd-frame.js';
import { bytesToHex, hexToBytes } from './codec/hex.js';
import { insertVirtualCard } from './vpcd-client.node.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

function fakeVpcd(): Promise<{ port: number; peer: Promise<Socket> }> {
  let gotPeer: (s: Socket) => void = () => undefined;
  const peer = new Promise<Socket>((r) => (gotPeer = r));
  server = createServer((s) => gotPeer(s));
  return new Promise((resolve) => server?.listen(0, '127.0.0.1', () => {
    const a = server?.address();
    resolve({ port: typeof a === 'object' && a ? a.port : 0, peer });
  }));
}

/** Sends one message the way vpcd does and collects the framed answer. */
function ask(s: Socket, payload: Uint8Array, split = false): Promise<string> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      buf = Buffer.concat([buf, d]);
      const len = buf.length >= 2 ? buf.readUInt16BE(0) : -1;
      if (len >= 0 && buf.length >= len + 2) {
        s.off('data', onData);
        resolve(bytesToHex(buf.subarray(2, 2 + len)));
      }
    };
    s.on('data', onData);
    const msg = encodeVpcdMessage(payload);
    if (!split) return void s.write(msg);
    s.write(msg.subarray(0, 1));
    setTimeout(() => s.write(msg.subarray(1)), 10);
  });
}

describe('vpcd client', () => {
  it('answers power, ATR and APDU messages like a card in a vpcd slot', async () => {
    const { port, peer } = await fakeVpcd();
    const card = createEmvCardSimulator({ pan: '6212345678901265', expiry: { year: 2030, month: 12 } });
    const conn = await insertVirtualCard({ card, port });
    const s = await peer;
    s.write(encodeVpcdMessage(Uint8Array.of(1)));
    expect(await ask(s, Uint8Array.of(4))).toBe('3B600000');
    expect(conn.powered).toBe(true);
    const fci = await ask(s, hexToBytes('00A404000E315041592E5359532E444446303100'), true);
    expect(fci.endsWith('9000')).toBe(true);
    expect(card.commands).toEqual(['SELECT 1PAY.SYS.DDF01']);
    s.write(encodeVpcdMessage(Uint8Array.of(0)));
    expect(await ask(s, hexToBytes('00B2010C00'))).toBe('6985');
    expect(conn.powered).toBe(false);
    s.end();
    await conn.ended;
  });

  it('removing the card closes the connection vpcd sees', async () => {
    const { port, peer } = await fakeVpcd();
    const conn = await insertVirtualCard({ card: createEmvCardSimulator({ pan: '6212345678901265', expiry: { year: 2030, month: 12 } }), port });
    const s = await peer;
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    s.resume();
    await conn.close();
    await closed;
  });

  it('retries while nothing listens yet, then gives up', async () => {
    const started = Date.now();
    await expect(insertVirtualCard({ card: createEmvCardSimulator({ pan: '6212345678901265', expiry: { year: 2030, month: 12 } }), port: 9, connectTimeoutMs: 150 })).rejects.toThrow(/refused the card/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});
