// Bill payment with a chip card end to end (issue 10): the real host (bridge dispatch, device
// worker, outbox, sync) with its card-reader role on the pcsc transport, reading through a
// private pcscd whose only reader is vsmartcard's vpcd (drivers/card/emv/pcscd-sandbox.node.ts)
// and a virtual card answering vpcd from the EMV simulator, personalised as the demo bank's chip
// card K1001; a magstripe reader, the PIN pad and the receipt printer on their protocol
// simulators; the embedded hub's demo bank deciding. The card's stripe is swiped first and the
// customer is told to insert it (fallback rules); the chip is read, sealed in the worker, the PIN
// typed on the pad, the bank approves, the receipt prints the masked number. Then the chip card is
// pulled out during PIN entry: the journey stops card-removed and the pad's entry ends. The full
// PAN must appear in no log line (host and worker, debug level), in no file of the kiosk's data
// directory (outbox, journal) and in no row the hub received.
//
// Needs root for pcscd's mount namespace, as the driver's own PC/SC test (scripts/machine-needs.mjs).
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BillPaymentState } from '../../bridge/bill-payment-contract.js';
import { createEmvCardSimulator, type EmvCardProfile } from '../../../drivers/card/emv/card-simulator.js';
import { digitsToBcd } from '../../../drivers/card/emv/codec/card-data.js';
import { startPcscdSandbox, type PcscdSandbox } from '../../../drivers/card/emv/pcscd-sandbox.node.js';
import { insertVirtualCard, type VpcdCardConnection } from '../../../drivers/card/emv/vpcd-client.node.js';
import type { MsrSimulator } from '../../../drivers/card/msr-simulator.node.js';
import type { PinPadSimulator } from '../../../drivers/pinpad/simulator.node.js';
import { seedCard } from '../../../hub/testing/banking.node.js';
import { BILL_PAYMENT_TYPE } from '../../../protocol/bill-payment-item.js';
import { sealedCardSchema } from '../../../protocol/card-security.js';
import { startTestHub, type TestHub } from '../../../test/support/enrolled-hub.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.node.js';
import { startHost, type KioskHost } from '../start-host.node.js';

const KIOSK = 'KCHIP1';
const simulated = { transport: { type: 'simulated' } } as const;

// The demo bank's chip card K1001 (张伟, account A1001): PAN, expiry and service code come from
// the seed itself, so the virtual card is the card the bank knows.
const K1001 = seedCard('K1001');
const expiry = { year: 2000 + Number(K1001.expiry.slice(0, 2)), month: Number(K1001.expiry.slice(2)) };
const PROFILE: EmvCardProfile = { pan: K1001.pan, expiry, name: 'ZHANG/WEI', serviceCode: K1001.serviceCode };
const MASKED = `${K1001.pan.slice(0, 6)}${'*'.repeat(K1001.pan.length - 10)}${K1001.pan.slice(-4)}`;
// The PAN as the card sends it (BCD, F padded), in case an APDU were ever logged.
const PAN_BCD_HEX = Buffer.from(digitsToBcd(K1001.pan)).toString('hex');

let sandbox: PcscdSandbox;
let hub: TestHub;
let host: KioskHost | undefined;
let dataDir: string;
const logLines: string[] = [];
const socketBefore = process.env.PCSCLITE_CSOCK_NAME;

beforeAll(async () => {
  // A generous start deadline: CI runs two integration files at a time on two cores.
  sandbox = await startPcscdSandbox({ timeoutMs: 15_000 });
  // The device worker is forked by the host and inherits this: its libpcsclite talks to the
  // sandboxed pcscd, not the system one.
  process.env.PCSCLITE_CSOCK_NAME = sandbox.socketPath;
  hub = await startTestHub();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-chip-billpay-'));
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: KIOSK,
      dataDir,
      hubUrl: hub.hub.url,
      syncIntervalMs: 60_000,
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'chip', kind: 'card-reader', driver: 'emv-pcsc', transport: { type: 'pcsc', reader: sandbox.readerName } },
        { role: 'stripe', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
      ],
    },
  });
  await hub.enroll(KIOSK, dataDir);
  // Every line the host and the device worker log, at debug level, through the host's own logger
  // (its redaction included): what a kiosk.log would hold.
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  host = await startHost({ config, logger: createLogger({ level: 'debug', destination: sink }), logFile: null });
  await vi.waitFor(() => expect(host?.devices.list().map((d) => `${d.role}:${d.state}`)).toEqual(['receipt:ready', 'chip:ready', 'stripe:ready', 'pinpad:ready']), { timeout: 30_000, interval: 100 });
}, 60_000);

afterAll(async () => {
  // The host's worker lets go of PC/SC before pcscd goes away (the binding retries a lost pcscd).
  await host?.close();
  await hub?.close();
  await sandbox?.stop();
  if (socketBefore === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
  else process.env.PCSCLITE_CSOCK_NAME = socketBefore;
});

async function call(method: string, params: unknown = {}): Promise<Record<string, unknown>> {
  const env = await host!.dispatch(method, params);
  if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
  return env.result as Record<string, unknown>;
}

/** The journey's state once `predicate` holds; the last state seen is in the failure message. */
function billState(predicate: (s: BillPaymentState) => boolean, what: string, timeout = 20_000): Promise<BillPaymentState> {
  return vi.waitFor(
    async () => {
      const state = (await call('billPayment.status')).state as BillPaymentState;
      expect(predicate(state), `${what}; now ${JSON.stringify(state)}`).toBe(true);
      return state;
    },
    { timeout, interval: 50 },
  );
}

const stripe = (): MsrSimulator => host!.devices.simulatorControls('stripe') as MsrSimulator;
const pinpad = (): PinPadSimulator => host!.devices.simulatorControls('pinpad') as PinPadSimulator;
const printer = () => host!.devices.simulator()!;

/** Every file under `dir`, as bytes. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [{ file, bytes: readFileSync(file) }];
  });
}

describe('a chip card pays a bill on the real host, through pcscd + vpcd, against the demo bank', () => {
  it('the stripe of the chip card is told to insert; the inserted chip is read, sealed, PIN on the pad, approved, receipt with the masked number', async () => {
    const cardEvents: { role: string; payload: unknown }[] = [];
    host!.devices.onDeviceEvent((e) => e.name === 'card' && cardEvents.push({ role: e.role, payload: e.payload }));

    await call('billPayment.start', { locale: 'en' });
    await call('billPayment.findBill', { billerId: 'sgcc-sh', reference: '3100123456' });
    await billState((s) => s.phase === 'bill-shown', 'bill shown');
    await call('billPayment.confirmBill');
    await billState((s) => s.phase === 'card' && !s.insertChip, 'asked for a card');
    // The journey's start hands the hub's card-data key to the readers (ensureCardKey); a card
    // read before that would not be sealed, so the first card waits for the service to say so.
    await vi.waitFor(() => expect(logLines.some((l) => l.includes('card readers seal to the hub key'))).toBe(true), { timeout: 15_000, interval: 50 });

    // Swiped: the stripe says chip (service code 2xx), so the customer is told to insert.
    await stripe().swipe({ pan: K1001.pan, expiry, name: { surname: 'ZHANG', given: 'WEI' }, serviceCode: K1001.serviceCode });
    await billState((s) => s.phase === 'card' && s.insertChip, 'told to insert the chip');

    const card = createEmvCardSimulator(PROFILE);
    let inserted: VpcdCardConnection | undefined;
    try {
      inserted = await insertVirtualCard({ card, port: sandbox.vpcdPort });
      const pin = await billState((s) => s.phase === 'pin', 'asked for the PIN');
      expect(pin).toMatchObject({ phase: 'pin', maskedPan: MASKED, digits: 0 });
      // The EMV flow ran on the card: application selected, processing options, records read.
      expect(card.commands).toEqual(expect.arrayContaining(['SELECT A000000333010101', 'GPO', 'READ RECORD 2/1']));

      await pinpad().whenEntryStarts(15_000);
      await pinpad().type(K1001.pin, { enter: true });
      const review = await billState((s) => s.phase === 'review', 'authorised', 30_000);
      expect(review).toMatchObject({ phase: 'review', offline: false, maskedPan: MASKED, account: { accountId: 'A1001' }, total: { minor: 25_680, currency: 'CNY' } });

      await call('billPayment.confirmPayment', { locale: 'en' });
      const result = await billState((s) => s.phase === 'result' && s.receipt === 'printed', 'paid and printed', 30_000);
      expect(result).toMatchObject({ phase: 'result', outcome: 'approved', maskedPan: MASKED, reference: expect.any(String) });
      const receipt = await printer().waitForJob(10_000);
      expect(receipt.text).toContain(MASKED);
      if (result.phase === 'result' && result.outcome === 'approved') expect(receipt.text).toContain(result.reference);
      await call('billPayment.finish');
    } finally {
      await inserted?.close();
    }

    // What left the worker: the swipe (magstripe, sealed as a swipe) and the chip read (sealed as
    // chip entry) — masked and sealed, never the PAN. The bank approved the chip entry: a swipe
    // of K1001 is declined insert-chip by the demo bank itself (demo-card-check.node.ts).
    expect(cardEvents.map((e) => [e.role, (e.payload as { source?: string }).source, sealedCardSchema.parse((e.payload as { sealed?: unknown }).sealed).entry])).toEqual([
      ['stripe', 'magstripe', 'swipe'],
      ['chip', 'chip', 'chip'],
    ]);
    expect(JSON.stringify(cardEvents)).not.toContain(K1001.pan);

    // The booked row reached the hub with the masked number and the card session, nothing more.
    await host!.syncNow();
    const rows = (await hub.staffGet<{ items: { type: string; payload: Record<string, unknown> }[] }>(`/v1/transactions?kioskId=${KIOSK}`)).items;
    const payment = rows.find((r) => r.type === BILL_PAYMENT_TYPE);
    expect(payment?.payload).toMatchObject({ billId: 'EB-202611-0001', maskedPan: MASKED, authorisation: { kind: 'session' } });
    expect(JSON.stringify(rows)).not.toContain(K1001.pan);
  }, 60_000);

  it('the chip card pulled out during PIN entry: the pad stops, the journey stops card-removed, nothing is booked', async () => {
    await call('billPayment.start', { locale: 'zh-CN' });
    await call('billPayment.findBill', { billerId: 'cmcc', reference: '13800138000' });
    await billState((s) => s.phase === 'bill-shown', 'bill shown');
    await call('billPayment.confirmBill');
    await billState((s) => s.phase === 'card' && !s.insertChip, 'asked for a card');
    const inserted = await insertVirtualCard({ card: createEmvCardSimulator(PROFILE), port: sandbox.vpcdPort });
    try {
      await billState((s) => s.phase === 'pin', 'asked for the PIN');
      await pinpad().whenEntryStarts(15_000);
      await pinpad().type(K1001.pin.slice(0, 2));
      await billState((s) => s.phase === 'pin' && s.digits === 2, 'two digits typed');
    } finally {
      // pcscd reports the slot empty; the worker wipes the card and says so; the host cancels the pad.
      await inserted.close();
    }
    expect(await billState((s) => s.phase === 'stopped', 'stopped')).toEqual({ phase: 'stopped', reason: 'card-removed' });
    await vi.waitFor(() => expect(pinpad().epp.entryActive).toBe(false), { timeout: 10_000, interval: 50 });
    await call('billPayment.cancel');

    await host!.syncNow();
    const rows = (await hub.staffGet<{ items: { type: string; payload: Record<string, unknown> }[] }>(`/v1/transactions?kioskId=${KIOSK}`)).items;
    expect(rows.filter((r) => r.type === BILL_PAYMENT_TYPE).map((r) => r.payload.billId)).toEqual(['EB-202611-0001']);
    expect(logLines.some((l) => l.includes('card removed after its read') && l.includes('"role":"chip"'))).toBe(true);
  }, 60_000);

  it('after both journeys the PAN is in no log line and no file of the kiosk', async () => {
    // The logs: the journey and the devices did log (the check is not vacuous), never the PAN.
    expect(logLines.some((l) => l.includes('card read') && l.includes('"role":"chip"'))).toBe(true);
    expect(logLines.some((l) => l.includes('bill-payment: booked'))).toBe(true);
    const leaking = logLines.filter((l) => l.includes(K1001.pan) || l.toLowerCase().includes(PAN_BCD_HEX));
    expect(leaking).toEqual([]);
    expect(sandbox.log()).not.toContain(K1001.pan);

    // The kiosk's files (outbox database, its journal and WAL): no PAN, as digits or as BCD.
    await host!.close();
    host = undefined;
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.file.endsWith('kiosk.sqlite'))).toBe(true);
    const stored = files.filter((f) => f.bytes.includes(K1001.pan) || f.bytes.includes(Buffer.from(PAN_BCD_HEX, 'hex'))).map((f) => f.file);
    expect(stored).toEqual([]);
  });
});
