// Card replacement end to end on the host (issue 11): the real host — bridge dispatch, device
// worker with the magstripe reader, PIN pad, card dispenser (with its chip module) and ESC/POS
// printer simulators behind their real drivers, outbox — against the embedded hub's demo bank.
// A damaged card is replaced: sign in by card + PIN, the fee shown, a stock card moved to the read
// position and its chip read (sealed in the worker), the new PIN typed twice, the bank issues it,
// the customer takes it, a receipt prints; the new card then works with its new PIN at the bank
// and the old one no longer does. A second run where nobody takes the card: captured, refunded.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simulatedPhotoBlock } from '../../../drivers/id/china/sim/simulated-photo.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CardReplacementStatus } from '../../bridge/card-replacement-contract.js';
import type { MsrSimulator } from '../../../drivers/card/msr-simulator.node.js';
import type { DispenserSimulator } from '../../../drivers/dispenser/simulator.node.js';
import type { EscPosSimulator } from '../../../drivers/escpos/simulator.node.js';
import type { PinPadSimulator } from '../../../drivers/pinpad/simulator.node.js';
import type { ChinaIdSimulator } from '../../../drivers/id/china/simulator.node.js';
import { DEMO_ID_CARDS } from '../admin-demo-devices.node.js';
import { enrollLocalKiosk } from '../../../hub/auth/enroll-local.node.js';
import { sealCard, sealIdentity } from '../../../hub/banking/card-seal.node.js';
import { pinBlock } from '../../../hub/testing/banking.node.js';
import type { CardKey } from '../../../protocol/card-security.js';
import { startTestHub, type TestHub } from '../../../test/support/enrolled-hub.js';
import { HubBankClient } from '../banking/hub-bank-client.node.js';
import { loadConfig } from '../config.js';
import { hubSender } from '../hub-send.node.js';
import { silentLogger } from '../log.node.js';
import { openLocalStore } from '../local-store.node.js';
import { signRequest } from '../request-signer.js';
import { startHost, type KioskHost } from '../start-host.node.js';
import { CARD_REPLACEMENT_TYPE } from './outbox-replacement-book.node.js';

const KIOSK = 'K51';
const simulated = { transport: { type: 'simulated' } } as const;
const K1002 = { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' };
// The dispenser simulator's first stock cards (drivers/dispenser/sim/stock-cards.ts).
const STOCK = ['6222021000000100015', '6222021000000100023'];

let hub: TestHub;
let host: KioskHost;
let dataDir: string;
let bank: HubBankClient;
let cardKey: CardKey;
let last: CardReplacementStatus | null = null;

const sim = <T>(role: string) => host.devices.simulatorControls(role) as T;
async function call(method: string, params: unknown = {}): Promise<unknown> {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.result;
}
const phase = () => last?.state.phase;
const waitPhase = (p: string, timeout = 20_000) => vi.waitFor(() => expect(phase()).toBe(p), { timeout, interval: 50 });
async function typePin(pin: string): Promise<void> {
  await sim<PinPadSimulator>('pinpad').whenEntryStarts(15_000);
  await sim<PinPadSimulator>('pinpad').type(pin, { enter: true });
}
async function balanceOfA2001(): Promise<number> {
  const signedIn = await bank.authorise(sealCard(cardKey, { pan: STOCK[0]!, expiry: '3112', entry: 'chip', serviceCode: '201' }), pinBlock(STOCK[0]!, '135790'));
  if (signedIn.outcome !== 'approved') throw new Error(`new card declined: ${signedIn.reason}`);
  return signedIn.session.accounts.find((a) => a.accountId === 'A2001')!.available.minor;
}

/** 李娜's balance through an ID-card sign-in (her cards may be blocked by now). */
async function balanceById(): Promise<number> {
  const challenge = await bank.identityChallenge();
  const signedIn = await bank.authoriseIdentity(sealIdentity(cardKey, { kind: 'cn-id', idNumber: '110105199002280020', validTo: 'long-term' }), challenge.challengeId, pinBlock(challenge.binding, '246810'));
  if (signedIn.outcome !== 'approved') throw new Error(`ID sign-in declined: ${signedIn.reason}`);
  return signedIn.session.accounts.find((a) => a.accountId === 'A2001')!.available.minor;
}

beforeAll(async () => {
  hub = await startTestHub();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-replace-'));
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
        { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
        { role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', options: { takeTimeoutMs: 30_000 }, ...simulated },
        { role: 'idcard', kind: 'id-reader', driver: 'cn-id', ...simulated },
      ],
    },
  });
  await hub.enroll(KIOSK, dataDir);
  host = await startHost({ config, logger: silentLogger(), takeCardMs: 3_000 });
  host.events.subscribe((name, payload) => {
    if (name === 'cardReplacement.state') last = payload as CardReplacementStatus;
  });
  await vi.waitFor(() => expect(host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });
  const credentials = await enrollLocalKiosk(hub.hub, 'K51B');
  bank = new HubBankClient('K51B', hubSender({ hubUrl: hub.hub.url, sign: async (method, url, body) => ({ ...signRequest({ method, url, body, credentials }) }) }));
  cardKey = await bank.cardKey();
  await host.devices.setCardKey(cardKey);
}, 120_000);
afterAll(async () => {
  await host?.close();
  await hub?.close();
});

describe('card replacement on the host', () => {
  it('a damaged card: card + PIN, fee, new card read in the dispenser, PIN twice, issued, taken, receipt; the new card works, the old one not', async () => {
    const printer = host.devices.simulator() as EscPosSimulator;
    await call('cardReplacement.start');
    await waitPhase('card');
    await sim<MsrSimulator>('card').swipe(K1002);
    await typePin('246810');
    await waitPhase('choose');
    expect(last?.state).toMatchObject({ phase: 'choose', cards: [{ cardId: 'K1002', status: 'active' }], fees: { damaged: { minor: 500, currency: 'CNY' } } });

    await call('cardReplacement.choose', { cardId: 'K1002', reason: 'damaged' });
    await waitPhase('review');
    expect(last?.state).toMatchObject({ phase: 'review', fee: { minor: 500 }, blocked: false, account: { accountId: 'A2001' } });

    await call('cardReplacement.confirm', { locale: 'en' });
    await waitPhase('new-pin');
    await typePin('135790');
    await vi.waitFor(() => expect(last?.state).toMatchObject({ phase: 'new-pin', step: 2 }), { timeout: 15_000 });
    await typePin('135790');
    await waitPhase('take-card', 30_000);
    expect(last?.state).toMatchObject({ phase: 'take-card', maskedPan: '622202*********0015', seconds: 3 });
    // The screen says "take your card" as the card travels to the slot: taken once it is there.
    await vi.waitFor(() => expect(sim<DispenserSimulator>('dispenser').takeCard()).toBe(true), { timeout: 15_000, interval: 100 });
    await waitPhase('done', 30_000);
    await vi.waitFor(() => expect(last?.state).toMatchObject({ phase: 'done', receipt: 'printed', fee: { minor: 500 } }), { timeout: 15_000 });
    const receipt = (await printer.waitForJob(5_000)).text;
    expect(receipt).toContain('Card replacement receipt');
    expect(receipt).toContain('622202*********0015');
    expect(receipt).not.toContain(STOCK[0]);
    await call('cardReplacement.finish');

    // At the bank: the new card opens with its new PIN; the damaged one is blocked; the fee was taken.
    const before = 32_050;
    expect(await balanceOfA2001()).toBe(before - 500);
    const old = await bank.authorise(sealCard(cardKey, { pan: K1002.pan, expiry: '2908', entry: 'swipe', serviceCode: '101' }), pinBlock(K1002.pan, '246810'));
    expect(old).toEqual({ outcome: 'declined', reason: 'card-blocked' });
  }, 120_000);

  it('nobody takes the new card: the dispenser captures it, the bank voids it and refunds the fee, the row says so', async () => {
    const balanceBefore = await balanceOfA2001();
    await call('cardReplacement.start');
    await waitPhase('card');
    // Her damaged card is blocked now and the new one has a chip (the reader here only swipes): she signs in with her ID card.
    sim<ChinaIdSimulator>('idcard').reader.placeCard({ text: DEMO_ID_CARDS['li-na'], photo: simulatedPhotoBlock('collins-id') });
    await vi.waitFor(() => expect(last?.state).toMatchObject({ phase: 'pin', maskedId: '110105********0020' }), { timeout: 20_000 });
    await typePin('246810');
    // An ID card is checked against its holder's face: the chip photo (the demo decoder's portrait) goes to the page, which answers.
    await waitPhase('face');
    expect(last?.state).toMatchObject({ phase: 'face', idPhoto: { mime: 'image/jpeg', base64: readFileSync('test/fixtures/faces/collins-id.jpg').toString('base64') } });
    await call('cardReplacement.face', {
      outcome: 'checked',
      result: { score: 0.88, threshold: 0.6, decision: 'match', liveness: { passed: true, reason: 'live', challenge: 'blink', framesAnalysed: 20, antiSpoofScore: null }, timings: { idPhotoMs: 9, framesMs: 120, answerMs: 80 }, engine: 'integration-test' },
      livePhoto: { mime: 'image/jpeg', base64: '/9j/4AAQSkZJRgABAQ==' },
    });
    await waitPhase('choose');
    expect(last?.state.phase === 'choose' && last.state.cards.map((c) => c.cardId)).toHaveLength(2);
    const newCardId = last?.state.phase === 'choose' ? last.state.cards.find((c) => c.maskedPan.endsWith('0015'))!.cardId : '';
    await call('cardReplacement.choose', { cardId: newCardId, reason: 'lost' });
    await waitPhase('review');
    expect(last?.state).toMatchObject({ phase: 'review', blocked: true, fee: { minor: 1_000 } });
    await call('cardReplacement.confirm', { locale: 'zh-CN' });
    await waitPhase('new-pin');
    await typePin('246802');
    await vi.waitFor(() => expect(last?.state).toMatchObject({ phase: 'new-pin', step: 2 }), { timeout: 15_000 });
    await typePin('246802');
    await waitPhase('take-card', 30_000);
    // Not taken: the wait runs out and the dispenser captures the card.
    await waitPhase('stopped', 20_000);
    expect(last?.state).toEqual({ phase: 'stopped', reason: 'not-taken', refunded: true });
    await call('cardReplacement.finish');
    // Nothing charged: the fee went back.
    expect(await balanceById()).toBe(balanceBefore);

    // The kiosk's rows: the first replacement activated, the second voided.
    await host.close();
    const store = await openLocalStore(dataDir);
    const rows = await store.all<{ answer: string }>('SELECT answer FROM outbox WHERE type = ? ORDER BY seq', [CARD_REPLACEMENT_TYPE]);
    await store.close();
    expect(rows.map((r) => JSON.parse(r.answer) as { completion: string }).map((a) => a.completion)).toEqual(['activated', 'voided']);
  }, 150_000);
});
