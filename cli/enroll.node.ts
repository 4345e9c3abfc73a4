// `kioskctl enroll`: redeems the one-time code a hub admin issued for this kiosk and keeps
// the new private key in the kiosk's credentials store (0600). A running host picks the
// credentials up at its next sync without a restart.
import { mkdirSync } from 'node:fs';
import { EnrollmentRefused, enrollWithHub } from '../electron/host/kiosk-credentials-enroll.node.js';
import { openCredentialsStore } from '../electron/host/kiosk-credentials.node.js';

export async function enroll(opts: { hubUrl: string | undefined; code: string | undefined; kioskId: string; dataDir: string }): Promise<number> {
  if (!opts.hubUrl || !opts.code) {
    console.error('usage: kioskctl enroll --hub https://hub.example:8443 --code XXXX-XXXX-… [--kiosk K01] [--data-dir DIR]');
    return 2;
  }
  try {
    const credentials = await enrollWithHub({ hubUrl: opts.hubUrl, kioskId: opts.kioskId, code: opts.code });
    mkdirSync(opts.dataDir, { recursive: true });
    const store = openCredentialsStore({ dataDir: opts.dataDir });
    await store.save(credentials);
    console.log(`kiosk ${opts.kioskId} enrolled with ${opts.hubUrl}; credentials in ${store.path}`);
    return 0;
  } catch (err) {
    if (err instanceof EnrollmentRefused) {
      console.error(`kioskctl: the hub refused the enrollment (${err.status} ${err.code ?? ''}): ${err.message}`);
      return 1;
    }
    throw err;
  }
}
