// The host the card-replacement kill test kills: started on the parent's data dir and hub, it
// runs a customer through a damaged-card replacement up to the moment that matters — the bank
// has issued the new card and charged the fee, the card is at the dispenser's slot, nobody has
// taken it — says so on stdout ({"workerPid", "maskedPan"}) and waits for its SIGKILL.
import type { CardReplacementStatus } from '../../electron/bridge/card-replacement-contract.js';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { DispenserSimulator } from '../../drivers/dispenser/simulator.node.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost } from '../../electron/host/start-host.node.js';
import { cardKeySchema } from '../../protocol/card-security.js';
import { replacementKillDevices } from './card-replacement-kill.shared.js';

const [hubUrl = '', dataDir = '', kioskId = '', cardKeyJson = ''] = process.argv.slice(2);

const config = loadConfig({ env: {}, file: null, overrides: { kioskId, dataDir, hubUrl, syncIntervalMs: 60_000, devices: [...replacementKillDevices] } });
// Two minutes at the slot: the kill comes long before the dispenser would take the card back.
const host = await startHost({ config, logger: silentLogger(), takeCardMs: 120_000 });
const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 800; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`kill child: no ${what}`);
};
const state = async () => {
  const env = await host.dispatch('cardReplacement.status', {});
  if (!env.ok) throw new Error(env.error.message);
  return (env.result as CardReplacementStatus).state;
};
const call = async (method: string, params: unknown = {}) => {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
};
const pinpad = host.devices.simulatorControls('pinpad') as PinPadSimulator;
const typePin = async (pin: string) => {
  await pinpad.whenEntryStarts(15_000);
  await pinpad.type(pin, { enter: true });
};

await until(() => host.devices.list().every((d) => d.state === 'ready'), 'ready devices');
await host.devices.setCardKey(cardKeySchema.parse(JSON.parse(cardKeyJson)));
await call('cardReplacement.start');
await until(async () => (await state()).phase === 'card', 'card step');
// Demo card K1002 (magstripe only) and its PIN; she replaces it as damaged (¥5.00).
await (host.devices.simulatorControls('card') as MsrSimulator).swipe({ pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' });
await typePin('246810');
await until(async () => (await state()).phase === 'choose', 'cards');
await call('cardReplacement.choose', { cardId: 'K1002', reason: 'damaged' });
await until(async () => (await state()).phase === 'review', 'fee');
await call('cardReplacement.confirm', { locale: 'en' });
await until(async () => (await state()).phase === 'new-pin', 'new PIN');
await typePin('135790');
await until(async () => {
  const s = await state();
  return s.phase === 'new-pin' && s.step === 2;
}, 'new PIN step 2');
await typePin('135790');
await until(async () => (await state()).phase === 'take-card', 'card issued');
// Issued and charged at the bank; the card travels to the slot and waits there.
const dispenser = host.devices.simulatorControls('dispenser') as DispenserSimulator;
await until(() => dispenser.dispenser.card === 'throat', 'card at the slot');
const s = await state();
process.stdout.write(`${JSON.stringify({ workerPid: host.devices.workerPid() ?? null, maskedPan: s.phase === 'take-card' ? s.maskedPan : null })}\n`);
await new Promise(() => undefined);
