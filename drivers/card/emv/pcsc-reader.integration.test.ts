// The chip card driver through the real PC/SC stack: a private pcscd (pcscd-sandbox.node.ts)
// with vsmartcard's vpcd as reader, a virtual card answering vpcd from Node (vpcd-client.node.ts
// + the APDU simulator), and the driver on @pokusew/pcsclite reading it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardRead, CardReadError, CardReader } from '../../device-classes.js';
import { CONTACTLESS_ATR, createEmvCardSimulator, type EmvCardProfile } from './card-simulator.js';
import { startPcscdSandbox, type PcscdSandbox } from './pcscd-sandbox.node.js';
import { createPcscCardReader } from './pcsc-reader.node.js';
import { insertVirtualCard } from './vpcd-client.node.js';

const PROFILE: EmvCardProfile = { pan: '6212345678901265', expiry: { year: 2031, month: 3 }, name: 'CHEN/JING', serviceCode: '220' };

function next<T>(subscribe: (cb: (v: T) => void) => () => void, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing within ${timeoutMs} ms`)), timeoutMs);
    const off = subscribe((v) => {
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

describe('chip card reader through pcscd + vpcd', () => {
  let sandbox: PcscdSandbox;
  let reader: CardReader;

  beforeAll(async () => {
    sandbox = await startPcscdSandbox();
    // Read once by libpcsclite, at the first PC/SC call of this process.
    process.env.PCSCLITE_CSOCK_NAME = sandbox.socketPath;
    reader = createPcscCardReader({ readerName: new RegExp(`^${sandbox.readerName}$`), apduTimeoutMs: 3000 });
    await reader.open();
  });

  afterAll(async () => {
    // The binding must let go before pcscd goes away (it retries a lost pcscd forever).
    await reader?.close();
    await sandbox?.stop();
  });

  it('finds the virtual reader', async () => {
    if (reader.health.state !== 'ready') await next<unknown>((cb) => reader.onHealth((h) => h.state === 'ready' && cb(h)));
    expect(reader.health.state).toBe('ready');
  });

  it('reads PAN, expiry and name from an inserted card, through 61xx and 6Cxx answers', async () => {
    const card = createEmvCardSimulator({ ...PROFILE, responses: 't0', strictLe: true });
    const read = next<CardRead>((cb) => reader.onCard(cb));
    const inserted = await insertVirtualCard({ card, port: sandbox.vpcdPort });
    const r = await read;
    expect([r.pan, r.expiry, r.name, r.serviceCode, r.source, r.maskedPan]).toEqual([PROFILE.pan, { year: 2031, month: 3 }, { surname: 'CHEN', given: 'JING' }, '220', 'chip', '621234******1265']);
    expect(card.commands).toContain('GET RESPONSE');
    expect(card.commands.filter((c) => c === 'READ RECORD 2/1')).toHaveLength(2);
    r.wipe();
    await inserted.close();
  });

  it('reads a contactless card (PPSE) and reports a card without a known application', async () => {
    const tapped = createEmvCardSimulator({ ...PROFILE, atr: CONTACTLESS_ATR, gpoFormat: 2, panSource: 'track2-only' });
    const read = next<CardRead>((cb) => reader.onCard(cb));
    const first = await insertVirtualCard({ card: tapped, port: sandbox.vpcdPort });
    expect((await read).source).toBe('contactless');
    expect(tapped.commands[0]).toBe('SELECT 2PAY.SYS.DDF01');
    await first.close();

    const failed = next<CardReadError>((cb) => reader.onError(cb));
    const odd = await insertVirtualCard({ card: createEmvCardSimulator({ ...PROFILE, pse: false, apps: [{ aid: 'A0000000651010', label: 'JCB' }] }), port: sandbox.vpcdPort });
    expect(await failed).toMatchObject({ code: 'NO_APPLICATION', source: 'chip' });
    await odd.close();
  });
});
