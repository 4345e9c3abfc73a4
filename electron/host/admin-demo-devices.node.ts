// `kioskctl swipe K1002` and `kioskctl scan <text>`: a card swiped on, or a code shown to, the
// running host's simulated card reader and barcode scanner — for demos and manual runs of the
// bill-payment journey against the demo bank. Like `kioskctl pinpad`, only a `simulated` role
// takes them, so nothing can be injected into production hardware.
import type { BarcodeSimulator } from '../../drivers/barcode/simulator.node.js';
import type { MagstripeCard, MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { DeviceManager } from './device-manager.node.js';

/** The demo bank's published test cards (hub/banking/README.md), as their stripes read. */
export const DEMO_CARDS: Readonly<Record<string, MagstripeCard>> = {
  K1001: { pan: '6222021000000000017', name: { surname: 'ZHANG', given: 'WEI' }, expiry: { year: 2030, month: 12 }, serviceCode: '201' },
  K1002: { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' },
  K1003: { pan: '6222021000000000033', name: { surname: 'CHEN', given: 'EMILY' }, expiry: { year: 2031, month: 6 }, serviceCode: '201' },
  K1004: { pan: '6222021000000000041', name: { surname: 'WANG', given: 'FANG' }, expiry: { year: 2030, month: 9 }, serviceCode: '201' },
  K1005: { pan: '6222021000000000058', name: { surname: 'CHEN', given: 'EMILY' }, expiry: { year: 2025, month: 11 }, serviceCode: '201' },
};

type Devices = Pick<DeviceManager, 'roleOf'> & Partial<Pick<DeviceManager, 'simulatorControls'>>;

const fail = (code: string, message: string): Error => Object.assign(new Error(message), { code });

function simulatorOf<T>(devices: Devices, kind: 'card-reader' | 'barcode-scanner', role: string | undefined, is: (c: unknown) => c is T): { role: string; sim: T } {
  const r = role ?? devices.roleOf(kind);
  if (!r) throw fail('NO_DEVICE', `no ${kind} is configured`);
  const sim = devices.simulatorControls?.(r);
  if (!is(sim)) throw fail('NO_SIMULATOR', `${r} is not a simulated ${kind} (transport "simulated"); only a simulator takes input from kioskctl`);
  return { role: r, sim };
}

const isMsr = (c: unknown): c is MsrSimulator => typeof c === 'object' && c !== null && typeof (c as MsrSimulator).swipe === 'function';
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
