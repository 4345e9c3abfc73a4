// `kioskctl swipe` / `kioskctl scan` on the host side: the demo cards' stripes go to a simulated
// reader, a code to a simulated scanner, and a role without a simulator refuses.
import { describe, expect, it } from 'vitest';
import type { MagstripeCard } from '../../drivers/card/msr-simulator.node.js';
import { DEMO_CARDS, DEMO_ID_CARDS, placeIdCard, scanCode, swipeCard } from './admin-demo-devices.node.js';

function devices(controls: Record<string, unknown>) {
  const roles: Record<string, string> = { 'card-reader': 'card', 'barcode-scanner': 'scanner', 'id-reader': 'idcard' };
  return { roleOf: (kind: string) => roles[kind] ?? null, simulatorControls: (role: string) => controls[role] ?? null } as const;
}

describe('kioskctl swipe and scan on the running host', () => {
  it('swipes a demo card by its id, a card number with no chip, and answers without the full number', async () => {
    const swiped: MagstripeCard[] = [];
    const d = devices({ card: { swipe: async (c: MagstripeCard) => void swiped.push(c) } });
    expect(await swipeCard(d, undefined, 'K1002')).toEqual({ role: 'card', card: 'K1002' });
    expect(await swipeCard(d, undefined, '6225880137706884')).toEqual({ role: 'card', card: '622588…6884' });
    expect(swiped).toEqual([DEMO_CARDS.K1002, expect.objectContaining({ pan: '6225880137706884', serviceCode: '101' })]);
    await expect(swipeCard(d, undefined, 'K9999')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows a code to the simulated scanner', async () => {
    const scanned: string[] = [];
    expect(await scanCode(devices({ scanner: { scan: async (t: string) => void scanned.push(t) } }), undefined, 'BKBILL1|cmcc|13800138000|PB-202611-0001|CNY|10000')).toEqual({ role: 'scanner' });
    expect(scanned).toEqual(['BKBILL1|cmcc|13800138000|PB-202611-0001|CNY|10000']);
  });

  it('refuses a role that is not simulated, or not configured', async () => {
    await expect(swipeCard(devices({}), undefined, 'K1001')).rejects.toMatchObject({ code: 'NO_SIMULATOR' });
    await expect(scanCode({ roleOf: () => null }, undefined, 'x')).rejects.toMatchObject({ code: 'NO_DEVICE' });
  });

  it('places a demo ID card on the simulated ID reader (lifting the last one first), answers masked, and lifts it', async () => {
    const events: string[] = [];
    const reader = { placeCard: (card: { text: { idNumber: string } }) => void events.push(`place ${card.text.idNumber}`), removeCard: () => void events.push('remove') };
    const d = devices({ idcard: { reader } });
    expect(await placeIdCard(d, undefined, 'li-na')).toEqual({ role: 'idcard', placed: '110105********0020' });
    expect(await placeIdCard(d, undefined, 'remove')).toEqual({ role: 'idcard', placed: null });
    expect(events).toEqual(['remove', 'place 110105199002280020', 'remove']);
    expect(DEMO_ID_CARDS['zhang-wei'].idNumber).toBe('31010119850315031X');
    await expect(placeIdCard(devices({}), undefined, 'sample')).rejects.toMatchObject({ code: 'NO_SIMULATOR' });
  });
});
