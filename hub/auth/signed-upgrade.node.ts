// The kiosk's signaling WebSocket is authenticated like its HTTP requests: the kiosk host
// signs the upgrade (GET, path and query, empty body) with its enrolled key.
import { createHash } from 'node:crypto';
import type { KioskAuthenticator } from '../assist/signaling/kiosk-authenticator.js';
import type { AuthStore } from '../storage/auth-store.js';
import { cachedKeys, readSignedHeaders, verifySignedRequest } from './kiosk-verifier.node.js';

const EMPTY_SHA256 = createHash('sha256').digest('hex');

export function signedUpgradeAuthenticator(store: AuthStore, opts: { now?: () => number; onRefused?: (reason: string) => void } = {}): KioskAuthenticator {
  const now = opts.now ?? Date.now;
  const keys = cachedKeys(store);
  return {
    async verifyUpgrade(req) {
      const check = readSignedHeaders(req.headers, now());
      if (!check.ok) {
        opts.onRefused?.(check.reason);
        return null;
      }
      const verdict = await verifySignedRequest(check.signed, { method: req.method, pathAndQuery: req.url, bodySha256: EMPTY_SHA256 }, keys);
      if (!verdict.ok) {
        opts.onRefused?.(verdict.reason);
        return null;
      }
      return { kioskId: verdict.kioskId };
    },
  };
}
