// `kioskctl enroll`: redeems the one-time code a hub admin issued for this kiosk and keeps
// the new private key in the kiosk's credentials store (0600; the Electron shell re-seals it
// with the OS keyring on its next start). A running host picks the credentials up at its next
// sync without a restart. The kiosk id is never guessed: it comes from --kiosk, BRANCH_KIOSK_ID
// or the config file, and the answer says which.
import { mkdirSync, statSync } from 'node:fs';
import type { ConfigSources, Setting } from '../electron/host/config-sources.js';
import { describeSource } from '../electron/host/config-sources.js';
import { EnrollmentRefused, enrollWithHub } from '../electron/host/kiosk-credentials-enroll.node.js';
import { openCredentialsStore } from '../electron/host/kiosk-credentials.node.js';
import type { CliIo } from './io.js';

export const ENROLL_USAGE = 'usage: kioskctl enroll --code XXXX-XXXX-… [--hub https://hub.example:8443] [--kiosk ID] [--data-dir DIR]  (hub and kiosk id default to the config file)';

export interface EnrollOptions {
  hub: Setting<string | null> | undefined;
  kiosk: Setting<string> | undefined;
  code: string | undefined;
  dataDir: string;
  sources: ConfigSources;
  io: CliIo;
  fetchImpl?: typeof fetch;
}

/** Root enrolling into a data dir someone else owns (the kiosk user) gives them the file. */
function ownerFor(dataDir: string): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const { uid, gid } = statSync(dataDir);
  return uid === 0 ? undefined : { uid, gid };
}

export async function enroll(opts: EnrollOptions): Promise<number> {
  const { io } = opts;
  const problems = [
    ...(!opts.code ? ['--code is missing (the one-time code from the hub admin)'] : []),
    ...(!opts.hub?.value ? ['no hub: pass --hub URL or set "hubUrl" in the config file'] : []),
    ...(!opts.kiosk ? ['no kiosk id: pass --kiosk ID or set "kioskId" in the config file (BRANCH_KIOSK_CONFIG)'] : []),
  ];
  if (problems.length > 0 || !opts.code || !opts.hub?.value || !opts.kiosk) {
    io.stderr(`kioskctl enroll: ${problems.join('; ')}\n${ENROLL_USAGE}\n`);
    return 2;
  }
  const kioskId = opts.kiosk.value;
  const hubUrl = opts.hub.value;
  const kioskFrom = describeSource(opts.kiosk, { flag: '--kiosk', env: 'BRANCH_KIOSK_ID' }, opts.sources);
  io.stderr(`enrolling kiosk ${kioskId} (${kioskFrom}) with ${hubUrl}…\n`);
  try {
    const credentials = await enrollWithHub({ hubUrl, kioskId, code: opts.code, ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}) });
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const owner = ownerFor(opts.dataDir);
    const store = openCredentialsStore({ dataDir: opts.dataDir, ...(owner ? { owner } : {}) });
    await store.save(credentials);
    io.stdout(`kiosk ${kioskId} enrolled with ${hubUrl} (kiosk id ${kioskFrom}); credentials in ${store.path}\n`);
    return 0;
  } catch (err) {
    if (err instanceof EnrollmentRefused) {
      io.stderr(`kioskctl: the hub refused the enrollment of kiosk ${kioskId} (${err.status} ${err.code ?? ''}): ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
