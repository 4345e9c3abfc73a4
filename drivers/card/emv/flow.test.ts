import { describe, expect, it } from 'vitest';
import { CardReadError } from '../../device-classes.js';
import { CardRead } from '../codec/card-read.js';
import { createEmvCardSimulator, UNIONPAY_DEBIT, type EmvCardProfile } from './card-simulator.js';
import { readEmvCard, type EmvReadOptions } from './flow.js';

const PAN = '6212345678901265';
const base: EmvCardProfile = { pan: PAN, expiry: { year: 2030, month: 12 }, name: 'ZHANG/SAN', serviceCode: '220' };

async function read(profile: Partial<EmvCardProfile>, opts: Partial<EmvReadOptions> = {}) {
  const card = createEmvCardSimulator({ ...base, ...profile });
  const result = await readEmvCard(async (apdu) => card.transmit(apdu), { interface: 'contact', ...opts });
  return { result, commands: card.commands };
}

async function failure(profile: Partial<EmvCardProfile>, opts: Partial<EmvReadOptions> = {}): Promise<CardReadError> {
  const err = await read(profile, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof CardReadError)) throw new Error(`expected a CardReadError, got ${String(err)}`);
  return err;
}

describe('EMV read flow', () => {
  it('contact: PSE directory → SELECT AID → GPO → records', async () => {
    const { result, commands } = await read({});
    expect(result.card).toBeInstanceOf(CardRead);
    expect([result.card.pan, result.card.expiry, result.card.name, result.card.serviceCode, result.card.source]).toEqual([PAN, { year: 2030, month: 12 }, { surname: 'ZHANG', given: 'SAN' }, '220', 'chip']);
    expect([result.aid, result.via, result.label]).toEqual(['A000000333010101', 'pse', 'UnionPay Debit']);
    expect(commands).toEqual(['SELECT 1PAY.SYS.DDF01', 'READ RECORD 1/1', 'READ RECORD 1/2', 'SELECT A000000333010101', 'GPO', 'READ RECORD 1/1', 'READ RECORD 2/1', 'READ RECORD 2/2']);
  });

  it('contactless: PPSE lists the applications', async () => {
    const { result, commands } = await read({ gpoFormat: 2 }, { interface: 'contactless' });
    expect([result.via, result.card.source, result.card.maskedPan]).toEqual(['ppse', 'contactless', '621234******1265']);
    expect(commands.slice(0, 2)).toEqual(['SELECT 2PAY.SYS.DDF01', 'SELECT A000000333010101']);
  });

  it('falls back to the candidate AIDs when the card has no PSE', async () => {
    const { result, commands } = await read({ pse: false, apps: [{ aid: 'A000000333010102', label: 'UnionPay Credit' }] });
    expect([result.via, result.aid]).toEqual(['candidates', 'A000000333010102']);
    expect(commands.slice(0, 3)).toEqual(['SELECT 1PAY.SYS.DDF01', 'SELECT A000000333010101', 'SELECT A000000333010102']);
  });

  it('follows 61xx with GET RESPONSE (T=0 cards)', async () => {
    const { result, commands } = await read({ responses: 't0' });
    expect(result.card.pan).toBe(PAN);
    expect(commands.filter((c) => c === 'GET RESPONSE').length).toBe(3);
    expect(commands.slice(0, 2)).toEqual(['SELECT 1PAY.SYS.DDF01', 'GET RESPONSE']);
  });

  it('resends with the Le a 6Cxx answer asks for', async () => {
    const { result, commands } = await read({ strictLe: true });
    expect(result.card.pan).toBe(PAN);
    expect(commands.filter((c) => c === 'READ RECORD 2/1')).toHaveLength(2);
  });

  it('takes the PAN from the track 2 equivalent when 5A is absent', async () => {
    const { result } = await read({ panSource: 'track2-only', name: undefined });
    expect([result.card.pan, result.card.name, result.card.expiry]).toEqual([PAN, undefined, { year: 2030, month: 12 }]);
  });

  it('tries applications by priority and skips one that declines GPO', async () => {
    const visa = { aid: 'A0000000031010', label: 'VISA', priority: 1, declinesGpo: true };
    const { result, commands } = await read({ apps: [{ ...UNIONPAY_DEBIT, priority: 2 }, visa] });
    expect(result.aid).toBe('A000000333010101');
    expect(commands.filter((c) => c.startsWith('SELECT A'))).toEqual(['SELECT A0000000031010', 'SELECT A000000333010101']);
  });

  it('sends a PDOL of the right length, or none', async () => {
    expect((await read({ pdol: [] })).result.card.pan).toBe(PAN);
    expect((await read({ pdol: [{ tag: '9F7A', length: 1 }, { tag: '9F02', length: 6 }] })).result.card.pan).toBe(PAN);
  });

  it('fails with typed errors', async () => {
    expect(await failure({ apps: [{ aid: 'A0000000651010', label: 'JCB' }], pse: false })).toMatchObject({ code: 'NO_APPLICATION', field: '6A82', source: 'chip' });
    expect(await failure({ pan: '6212345678901266' })).toMatchObject({ code: 'READ_ERROR', field: 'PAN_LUHN' });
    const sim = createEmvCardSimulator(base);
    const gpoFails = await readEmvCard(async (apdu) => (apdu[1] === 0xa8 ? Uint8Array.of(0x6a, 0x80) : sim.transmit(apdu)), { interface: 'contact' }).catch((e: unknown) => e);
    expect(gpoFails).toMatchObject({ code: 'CARD_ERROR', field: '6A80' });
    const broken = await readEmvCard(async () => Uint8Array.of(0x90), { interface: 'contact' }).catch((e: unknown) => e);
    expect(broken).toMatchObject({ code: 'READ_ERROR', field: 'APDU_RESPONSE' });
    const looping = await readEmvCard(async () => Uint8Array.of(0x61, 0x10), { interface: 'contact' }).catch((e: unknown) => e);
    expect(looping).toMatchObject({ code: 'CARD_ERROR', field: 'SW_LOOP' });
    expect(JSON.stringify(await failure({ pan: '6212345678901266' }))).not.toContain('6212345678901266');
  });
});
