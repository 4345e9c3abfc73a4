// Signs every request the kiosk sends to the hub with its enrolled credentials. Loaded from
// the credentials store lazily and cached, so a kiosk enrolled while running (kioskctl
// enroll) starts syncing without a restart. A kiosk that is not enrolled sends unsigned
// requests: a hub with authentication on refuses them (401) and the kiosk stays offline;
// a lab hub with authentication off accepts them.
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import type { KioskCredentialsStore } from './kiosk-credentials.node.js';
import { signRequest } from './request-signer.js';

export type HubRequestSigner = (method: string, url: string, body: string) => Promise<Record<string, string>>;

export function credentialsSigner(store: KioskCredentialsStore, kioskId: string, onNotEnrolled: () => void = () => undefined): HubRequestSigner {
  let credentials: KioskCredentials | null = null;
  let warned = false;
  return async (method, url, body) => {
    credentials ??= await store.load();
    if (!credentials) {
      if (!warned) onNotEnrolled();
      warned = true;
      return {};
    }
    if (credentials.kioskId !== kioskId) throw new Error(`stored credentials belong to kiosk ${credentials.kioskId}, not ${kioskId}`);
    return signRequest({ method, url, body, credentials });
  };
}
