// The hosts the account-opening kill test kills: one child process runs several kiosks (own data
// dir, device worker and simulators each) against the parent's hub and takes each customer to the
// expert's approval — the application filed at the hub, the kiosk waiting for the decision. It says
// so on stdout (one JSON line) and waits for its SIGKILL: no shutdown, no withdrawal.
import type { AccountOpeningStatus } from '../../electron/bridge/account-opening-contract.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { SAMPLE_CARD } from '../../drivers/id/china/sim/sample-card.js';
import { simulatedPhotoBlock } from '../../drivers/id/china/sim/simulated-photo.js';
import type { ChinaIdSimulator } from '../../drivers/id/china/simulator.node.js';
import { killedKiosksSchema, killTestConfig, type KilledApplication, type KilledKioskSpec } from './account-opening-kill.shared.js';

const [hubUrl = '', kiosksJson = ''] = process.argv.slice(2);
const kiosks = killedKiosksSchema.parse(JSON.parse(kiosksJson));

async function until(check: () => boolean, what: string, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`kill child: no ${what} in ${ms} ms`);
}

async function toApproval(spec: KilledKioskSpec): Promise<KilledApplication> {
  const host: KioskHost = await startHost({ config: killTestConfig(spec, hubUrl), logger: silentLogger() });
  let last: AccountOpeningStatus | null = null;
  host.events.subscribe((name, payload) => {
    if (name === 'accountOpening.state') last = payload as AccountOpeningStatus;
  });
  const phase = () => (last as AccountOpeningStatus | null)?.state.phase;
  const call = async (method: string, params: unknown = {}) => {
    const env = await host.dispatch(method, params);
    if (!env.ok) throw new Error(`${spec.kioskId} ${method}: ${env.error.message}`);
  };
  await host.devicesReady;
  await host.syncNow();
  await call('accountOpening.start');
  await until(() => phase() === 'document', 'document phase');
  (host.devices.simulatorControls('idcard') as ChinaIdSimulator).reader.placeCard({ text: SAMPLE_CARD, photo: simulatedPhotoBlock('hopper-id') });
  await until(() => phase() === 'confirm', 'confirm phase');
  await call('accountOpening.confirmDocument');
  await until(() => phase() === 'face', 'face phase');
  await call('accountOpening.face', { outcome: 'needs-staff', reason: 'no-camera' });
  await call('accountOpening.consent', { version: 'terms-2026.11', accepted: ['terms', 'privacy', 'identity-check'], signature: { mime: 'image/png', base64: 'iVBORw0KGgo=' } });
  await call('accountOpening.kyc', { answers: { occupation: 'retired', purpose: 'savings', taxResidency: { kind: 'cn-only' } }, locale: 'zh-CN' });
  await until(() => phase() === 'approval', 'approval phase');
  const state = (last as AccountOpeningStatus | null)?.state;
  if (state?.phase !== 'approval') throw new Error('not in approval');
  return { kioskId: spec.kioskId, applicationId: state.applicationId, workerPid: host.devices.workerPid() ?? null };
}

const stops = await Promise.all(kiosks.map(toApproval));
process.stdout.write(`${JSON.stringify(stops)}\n`);
// Waits for the SIGKILL.
setInterval(() => undefined, 60_000);
