// The host the kill test kills: started on the parent's data dir and hub, it runs a customer
// to the middle of a statement — page 1 out, page 2 held in the printer — says so on stdout
// ({"receiptNumber", "workerPid"}) and waits for its SIGKILL.
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost } from '../../electron/host/start-host.node.js';
import type { AccountServicesStatus } from '../../electron/bridge/account-services-contract.js';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { cardKeySchema } from '../../protocol/card-security.js';

const [hubUrl = '', dataDir = '', kioskId = '', cardKeyJson = '', today = ''] = process.argv.slice(2);
const simulated = { transport: { type: 'simulated' } } as const;

const config = loadConfig({
  env: {},
  file: null,
  overrides: {
    kioskId,
    dataDir,
    hubUrl,
    syncIntervalMs: 60_000,
    devices: [
      { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
      { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
      { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
    ],
  },
});
const host = await startHost({ config, logger: silentLogger(), statements: { entriesPerPage: 1, historyDays: 3650, maxDays: 3660 } });
const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`kill child: no ${what}`);
};
const state = async () => {
  const env = await host.dispatch('accounts.status', {});
  if (!env.ok) throw new Error(env.error.message);
  return (env.result as AccountServicesStatus).state;
};
const call = async (method: string, params: unknown = {}) => {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
};

await until(() => host.devices.list().every((d) => d.state === 'ready'), 'ready devices');
await host.devices.setCardKey(cardKeySchema.parse(JSON.parse(cardKeyJson)));
await call('accounts.start');
// Demo card K1002 (magstripe only) and its PIN.
await (host.devices.simulatorControls('card') as MsrSimulator).swipe({ pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' });
const pinpad = host.devices.simulatorControls('pinpad') as PinPadSimulator;
await pinpad.whenEntryStarts(15_000);
await pinpad.type('246810', { enter: true });
await until(async () => (await state()).phase === 'accounts', 'balances');
await call('accounts.chooseStatement', { accountId: 'A2001' });
const sim = host.devices.simulator();
if (!sim) throw new Error('kill child: no printer simulator');
await call('accounts.printStatement', { locale: 'en', period: { from: '2026-11-01', to: today } });
await sim.waitForJob(15_000);
// Page 1 is out; page 2 is held in the printer, never finished.
sim.pausePrinting(true);
await until(async () => {
  const s = await state();
  return s.phase === 'printing' && s.page === 2;
}, 'page 2 printing');
const s = await state();
process.stdout.write(`${JSON.stringify({ receiptNumber: s.phase === 'printing' ? s.receiptNumber : null, workerPid: host.devices.workerPid() ?? null, page1: sim.jobs()[0]?.text ?? '' })}\n`);
await new Promise(() => undefined);
