// `kioskctl swipe K1002`, `kioskctl idcard li-na` and `kioskctl scan <text>`: a card swiped on,
// an ID card placed on, or a code shown to, the running host's simulated card reader, ID reader
// and barcode scanner — for demos and manual runs of the journeys against the demo bank. Like `kioskctl pinpad`, only a `simulated` role
// takes them, so nothing can be injected into production hardware.
import type { BarcodeSimulator } from '../../drivers/barcode/simulator.node.js';
import type { MagstripeCard, MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { CnIdText } from '../../drivers/id/china/codec/base-info.js';
import { SAMPLE_CARD } from '../../drivers/id/china/sim/sample-card.js';
import { simulatedPhotoBlock } from '../../drivers/id/china/sim/simulated-photo.js';
import type { ChinaIdSimulator } from '../../drivers/id/china/simulator.node.js';
import type { DeviceManager } from './device-manager.node.js';

/** The demo bank's published test cards (hub/banking/README.md), as their stripes read. */
export const DEMO_CARDS: Readonly<Record<string, MagstripeCard>> = {
  K1001: { pan: '6222021000000000017', name: { surname: 'ZHANG', given: 'WEI' }, expiry: { year: 2030, month: 12 }, serviceCode: '201' },
  K1002: { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' },
  K1003: { pan: '6222021000000000033', name: { surname: 'CHEN', given: 'EMILY' }, expiry: { year: 2031, month: 6 }, serviceCode: '201' },
  K1004: { pan: '6222021000000000041', name: { surname: 'WANG', given: 'FANG' }, expiry: { year: 2030, month: 9 }, serviceCode: '201' },
  K1005: { pan: '6222021000000000058', name: { surname: 'CHEN', given: 'EMILY' }, expiry: { year: 2025, month: 11 }, serviceCode: '201' },
};

/** The demo bank's customers' resident ID cards (made-up numbers; hub/banking/README.md) and the sample card (born 1949). */
export const DEMO_ID_CARDS: Readonly<Record<'zhang-wei' | 'li-na' | 'sample', CnIdText>> = {
  'zhang-wei': { ...SAMPLE_CARD, name: '张伟', sex: '1', birth: '19850315', address: '上海市黄浦区测试路2号', idNumber: '31010119850315031X', authority: '上海市公安局黄浦分局' },
  'li-na': { ...SAMPLE_CARD, name: '李娜', birth: '19900228', idNumber: '110105199002280020' },
  sample: SAMPLE_CARD,
};

/** The demo portrait in each simulated card's photo block (test/fixtures/faces; the demo photo decoder reads it). */
export const DEMO_ID_PORTRAITS: Readonly<Record<keyof typeof DEMO_ID_CARDS, string>> = { 'zhang-wei': 'collins-id', 'li-na': 'hopper-id', sample: 'hopper-id' };

type Devices = Pick<DeviceManager, 'roleOf'> & Partial<Pick<DeviceManager, 'simulatorControls'>>;

const fail = (code: string, message: string): Error => Object.assign(new Error(message), { code });

function simulatorOf<T>(devices: Devices, kind: 'card-reader' | 'barcode-scanner' | 'id-reader', role: string | undefined, is: (c: unknown) => c is T): { role: string; sim: T } {
  const r = role ?? devices.roleOf(kind);
  if (!r) throw fail('NO_DEVICE', `no ${kind} is configured`);
  const sim = devices.simulatorControls?.(r);
  if (!is(sim)) throw fail('NO_SIMULATOR', `${r} is not a simulated ${kind} (transport "simulated"); only a simulator takes input from kioskctl`);
  return { role: r, sim };
}

const isMsr = (c: unknown): c is MsrSimulator => typeof c === 'object' && c !== null && typeof (c as MsrSimulator).swipe === 'function';
const isIdReader = (c: unknown): c is ChinaIdSimulator => typeof c === 'object' && c !== null && typeof (c as ChinaIdSimulator).reader?.placeCard === 'function';
const isScanner = (c: unknown): c is BarcodeSimulator => typeof c === 'object' && c !== null && typeof (c as BarcodeSimulator).scan === 'function';

/** `card`: a demo card id (K1001…), or a PAN swiped with made-up holder fields and no chip. */
export async function swipeCard(devices: Devices, role: string | undefined, card: string): Promise<{ role: string; card: string }> {
  const stripe = DEMO_CARDS[card] ?? (/^\d{12,19}$/.test(card) ? { pan: card, name: { surname: 'TEST', given: 'CARD' }, expiry: { year: 2030, month: 12 }, serviceCode: '101' } : null);
  if (!stripe) throw fail('BAD_REQUEST', `swipe takes a demo card (${Object.keys(DEMO_CARDS).join(', ')}) or a card number`);
  const { role: r, sim } = simulatorOf(devices, 'card-reader', role, isMsr);
  await sim.swipe(stripe);
  // The answer names the card as asked for a demo id, masked otherwise: kioskctl output gets pasted.
  return { role: r, card: DEMO_CARDS[card] ? card : `${card.slice(0, 6)}…${card.slice(-4)}` };
}

export async function scanCode(devices: Devices, role: string | undefined, text: string): Promise<{ role: string }> {
  const { role: r, sim } = simulatorOf(devices, 'barcode-scanner', role, isScanner);
  await sim.scan(text);
  return { role: r };
}

/** Places a demo ID card on the simulated China ID reader (it is read once per placing), or lifts it. */
export async function placeIdCard(devices: Devices, role: string | undefined, card: 'zhang-wei' | 'li-na' | 'sample' | 'remove'): Promise<{ role: string; placed: string | null }> {
  const { role: r, sim } = simulatorOf(devices, 'id-reader', role, isIdReader);
  sim.reader.removeCard();
  if (card === 'remove') return { role: r, placed: null };
  sim.reader.placeCard({ text: DEMO_ID_CARDS[card], photo: simulatedPhotoBlock(DEMO_ID_PORTRAITS[card]) });
  // Masked like the page shows it: kioskctl output gets pasted.
  const id = DEMO_ID_CARDS[card].idNumber;
  return { role: r, placed: `${id.slice(0, 6)}********${id.slice(14)}` };
}
