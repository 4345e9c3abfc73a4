// Protocol simulators for roles configured as `simulated`: each speaks its device's real
// wire protocol from the far end of a socket or PTY, so the real driver is exercised.
import { startBarcodeSimulator } from '../../../drivers/barcode/simulator.node.js';
import { startMsrSimulator } from '../../../drivers/card/msr-simulator.node.js';
import { startEscPosSimulator } from '../../../drivers/escpos/simulator.node.js';
import { startChinaIdSimulator } from '../../../drivers/id/china/simulator.node.js';
import { startMrzSimulator } from '../../../drivers/id/mrz/simulator.node.js';
import { demoKeyCeremony } from '../../../drivers/pinpad/sim/epp.node.js';
import { startPinPadSimulator } from '../../../drivers/pinpad/simulator.node.js';
import { startDispenserSimulator } from '../../../drivers/dispenser/simulator.node.js';
import type { TransportConfig } from './device-config.js';

export interface RunningSimulator {
  transport: TransportConfig;
  where: string;
  /** The simulator's own controls (insert card, paper out, …) for tests and demos. */
  controls: unknown;
  close(): Promise<void>;
}

/** What a simulator may need to know about the kiosk it stands in for. */
export interface SimulatorContext {
  kioskId?: string;
}

type Start = (context: SimulatorContext) => Promise<RunningSimulator>;

const onPty = async <T extends { path: string; close(): Promise<void> }>(name: string, start: () => Promise<T>): Promise<RunningSimulator> => {
  const sim = await start();
  return { transport: { type: 'serial', path: sim.path, baudRate: 9600 }, where: `simulated ${name} on ${sim.path}`, controls: sim, close: () => sim.close() };
};

const starters: Readonly<Record<string, Start>> = {
  async escpos() {
    const sim = await startEscPosSimulator({ tcp: { host: '127.0.0.1', port: 0 } });
    if (sim.endpoint.kind !== 'tcp') throw new Error('simulator did not open a TCP endpoint');
    const { host, port } = sim.endpoint;
    return { transport: { type: 'tcp', host, port }, where: `simulated ESC/POS printer on tcp://${host}:${port}`, controls: sim, close: () => sim.close() };
  },
  'msr-serial': () => onPty('magstripe reader', startMsrSimulator),
  mrz: () => onPty('MRZ scanner', () => startMrzSimulator()),
  'cn-id': () => onPty('resident ID card reader', () => startChinaIdSimulator()),
  'barcode-serial': () => onPty('barcode scanner', () => startBarcodeSimulator({ suffix: 'CR' })),
  // The simulated key ceremony gives the pad its own TMK (the hub's demo derives the same from
  // the kiosk id: hub/banking/README.md, "PIN pad keys"); working keys then come from the hub.
  'epp-serial': ({ kioskId }) =>
    onPty('PIN pad', async () => {
      const sim = await startPinPadSimulator();
      if (kioskId) sim.epp.loadMasterKey(demoKeyCeremony(kioskId));
      return sim;
    }),
  'dispenser-serial': () => onPty('card dispenser', () => startDispenserSimulator()),
};

export function startSimulator(driver: string, context: SimulatorContext = {}): Promise<RunningSimulator> {
  const start = starters[driver];
  if (!start) throw new Error(`no simulator for driver ${driver}; configure a real transport`);
  return start(context);
}

export const simulatedDrivers = Object.keys(starters);
