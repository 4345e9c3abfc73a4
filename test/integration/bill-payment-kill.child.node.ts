// The hosts the bill-payment kill test kills: one child process runs several kiosks (own data
// dir, own device worker and simulators each) against the parent's hub, and drives each
// customer to the step its test case names — the PIN pad waiting, the review screen, the
// payment in flight, the receipt in the printer. It says so on stdout (one JSON line) and waits
// for its SIGKILL, which ends every host in it at that instant with no shutdown of any kind.
// One process for all cases because a host's start (tsx, sqlite, the device worker) is the slow
// part, and a SIGKILL of it is the same instant for each host inside.
import type { BillPaymentState, BillPaymentStatus } from '../../electron/bridge/bill-payment-contract.js';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { cardKeySchema } from '../../protocol/card-security.js';
import { killCasesSchema, simulatedDevices, type KillCase, type KilledKiosk } from './bill-payment-kill.shared.js';

const [hubUrl = '', casesJson = '', cardKeyJson = ''] = process.argv.slice(2);
const cases = killCasesSchema.parse(JSON.parse(casesJson));
const cardKey = cardKeySchema.parse(JSON.parse(cardKeyJson));

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`kill child: no ${what} in ${ms} ms`);
}

class Kiosk {
  cardRef: string | null = null;
  private constructor(
    readonly spec: KillCase,
    readonly host: KioskHost,
  ) {
    // The worker's handle on the swiped card: after the kill it must be gone with the worker.
    host.devices.onDeviceEvent((e) => {
      const ref = (e.payload as { cardRef?: unknown } | null)?.cardRef;
      if (e.name === 'card' && typeof ref === 'string') this.cardRef = ref;
    });
  }

  static async start(spec: KillCase): Promise<Kiosk> {
    const config = loadConfig({ env: {}, file: null, overrides: { kioskId: spec.kioskId, dataDir: spec.dataDir, hubUrl, syncIntervalMs: 60_000, devices: [...simulatedDevices] } });
    const kiosk = new Kiosk(spec, await startHost({ config, logger: silentLogger() }));
    await until(() => kiosk.host.devices.list().every((d) => d.state === 'ready'), `ready devices on ${spec.kioskId}`);
    await kiosk.host.devices.setCardKey(cardKey);
    return kiosk;
  }

  async state(): Promise<BillPaymentState> {
    const env = await this.host.dispatch('billPayment.status', {});
    if (!env.ok) throw new Error(env.error.message);
    return (env.result as BillPaymentStatus).state;
  }

  async call(method: string, params: unknown = {}): Promise<void> {
    const env = await this.host.dispatch(method, params);
    if (!env.ok) throw new Error(`${this.spec.kioskId} ${method}: ${env.error.message}`);
  }

  async phase(phase: BillPaymentState['phase'], extra: (s: BillPaymentState) => boolean = () => true): Promise<void> {
    let last = '';
    await until(async () => {
      const s = await this.state();
      last = JSON.stringify(s).slice(0, 300);
      return s.phase === phase && extra(s);
    }, `${phase} on ${this.spec.kioskId} (last: ${last})`);
  }

  /** Bill found, card swiped; with `pin`, typed and authorised up to the review screen. */
  async toCard(): Promise<PinPadSimulator> {
    await this.call('billPayment.start', { locale: 'en' });
    await this.phase('bill-entry');
    await this.call('billPayment.findBill', { billerId: this.spec.billerId, reference: this.spec.reference });
    await this.phase('bill-shown');
    await this.call('billPayment.confirmBill');
    await this.phase('card');
    // Demo card K1002 (magstripe only: a swipe is accepted), PIN 246810, account A2001.
    await (this.host.devices.simulatorControls('card') as MsrSimulator).swipe({ pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' });
    const pinpad = this.host.devices.simulatorControls('pinpad') as PinPadSimulator;
    await pinpad.whenEntryStarts(15_000);
    return pinpad;
  }

  report(): KilledKiosk {
    return { kioskId: this.spec.kioskId, workerPid: this.host.devices.workerPid() ?? null, cardRef: this.cardRef };
  }
}

const kiosks = await Promise.all(cases.map((spec) => Kiosk.start(spec)));
// Everyone up to the step before money moves, together: the final steps then happen within
// moments of each other, well inside the kiosk's 15 s wait for a held payment answer.
await Promise.all(
  kiosks.map(async (k) => {
    const pinpad = await k.toCard();
    if (k.spec.stopAt === 'pin') return;
    await pinpad.type('246810', { enter: true });
    await k.phase('review');
  }),
);
await Promise.all(
  kiosks.map(async (k) => {
    const { stopAt } = k.spec;
    if (stopAt === 'pin' || stopAt === 'review') return;
    const printer = k.host.devices.simulator();
    if (!printer) throw new Error('kill child: no printer simulator');
    // The receipt job is taken but never finished: the kill comes while it prints.
    if (stopAt === 'printing') printer.pausePrinting(true);
    await k.call('billPayment.confirmPayment', { locale: 'en' });
    if (stopAt === 'printing') await k.phase('result', (s) => s.phase === 'result' && s.receipt === 'printing');
    else await k.phase('paying');
  }),
);
process.stdout.write(`${JSON.stringify(kiosks.map((k) => k.report()))}\n`);
await new Promise(() => undefined);
