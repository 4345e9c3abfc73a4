import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../drivers/pinpad/codec/messages.js';
import { SimulatedEpp } from '../../drivers/pinpad/sim/epp.node.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { pressPinPadKeys } from './admin-pinpad.node.js';

/** The simulator's controls over the in-process EPP model, without a PTY. */
function fakeSimulator(): { sim: PinPadSimulator; sent: number[] } {
  const sent: number[] = [];
  const epp = new SimulatedEpp((bytes) => sent.push(bytes.length));
  const sim = {
    path: '/dev/null',
    epp,
    type: async (digits: string) => {
      for (const c of digits) epp.pressDigit(Number(c));
    },
    press: async (key: 'enter' | 'cancel' | 'clear' | 'backspace') => epp.press(key),
  } as unknown as PinPadSimulator;
  return { sim, sent };
}

describe('kioskctl pinpad on the running host', () => {
  it('presses digits and keys in order on the simulated pad of the role', async () => {
    const { sim } = fakeSimulator();
    sim.epp.receive(encodeCommand({ kind: 'select-key', keyId: 'demo-pek-aes-1' }));
    sim.epp.receive(encodeCommand({ kind: 'set-pan', pan: '6212345678901265' }));
    sim.epp.receive(encodeCommand({ kind: 'start-pin', format: 4, minLength: 4, maxLength: 6, timeoutMs: 60_000 }));
    const devices = { roleOf: () => 'pinpad', simulatorControls: (role: string) => (role === 'pinpad' ? sim : null) };
    expect(await pressPinPadKeys(devices, undefined, ['12', 'backspace', '345'])).toEqual({ role: 'pinpad', entryActive: true, digits: 4 });
    expect(await pressPinPadKeys(devices, 'pinpad', ['enter'])).toEqual({ role: 'pinpad', entryActive: false, digits: 0 });
    sim.epp.reset();
  });

  it('refuses a role that is not a simulated PIN pad, and a kiosk without one', async () => {
    await expect(pressPinPadKeys({ roleOf: () => 'pinpad', simulatorControls: () => null }, undefined, ['1'])).rejects.toMatchObject({ code: 'NO_SIMULATOR' });
    await expect(pressPinPadKeys({ roleOf: () => null }, undefined, ['1'])).rejects.toMatchObject({ code: 'NO_DEVICE' });
  });
});
