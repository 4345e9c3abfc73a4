// `kioskctl pinpad 1234 enter`: keys pressed on the running host's simulated PIN pad, for demos
// and manual runs of the card + PIN journeys. Only a `simulated` PIN pad has keys to press; a
// real one is refused, so this can never inject keys into production hardware.
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import type { DeviceManager } from './device-manager.node.js';

type Keys = readonly string[];

function isPinPadSimulator(c: unknown): c is PinPadSimulator {
  return typeof c === 'object' && c !== null && typeof (c as PinPadSimulator).type === 'function' && typeof (c as PinPadSimulator).press === 'function' && 'epp' in c;
}

const fail = (code: string, message: string): Error => Object.assign(new Error(message), { code });

export async function pressPinPadKeys(devices: Pick<DeviceManager, 'roleOf'> & Partial<Pick<DeviceManager, 'simulatorControls'>>, role: string | undefined, keys: Keys): Promise<{ role: string; entryActive: boolean; digits: number }> {
  const r = role ?? devices.roleOf('pin-pad');
  if (!r) throw fail('NO_DEVICE', 'no PIN pad is configured');
  const sim = devices.simulatorControls?.(r);
  if (!isPinPadSimulator(sim)) throw fail('NO_SIMULATOR', `${r} is not a simulated PIN pad (transport "simulated"); only a simulator takes keys from kioskctl`);
  for (const key of keys) {
    if (/^\d+$/.test(key)) await sim.type(key);
    else if (key === 'enter' || key === 'cancel' || key === 'clear' || key === 'backspace') await sim.press(key);
    else throw fail('BAD_REQUEST', 'keys are digits or enter, cancel, clear, backspace');
  }
  return { role: r, entryActive: sim.epp.entryActive, digits: sim.epp.digitCount };
}
