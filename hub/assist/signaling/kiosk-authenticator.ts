// How the signaling socket learns which kiosk is calling. The hub's kiosk authentication
// (hub/auth, signed requests with per-kiosk keys) implements `KioskAuthenticator` for the
// WebSocket upgrade; until it is wired, and in development, `devKioskAuthenticator` trusts a
// `?kioskId=` query parameter — only when HUB_AUTH=off, never otherwise.
import type { IncomingHttpHeaders } from 'node:http';
import { kioskIdSchema } from '../../../protocol/hub-api.js';

/** The parts of the upgrade request an authenticator may look at (a FastifyRequest fits). */
export interface UpgradeRequest {
  readonly method: string;
  /** Path and query exactly as received, e.g. `/v1/assist/ws?kioskId=K01`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface KioskAuthenticator {
  /** The authenticated kiosk, or null to refuse the upgrade with 401. */
  verifyUpgrade(req: UpgradeRequest): Promise<{ kioskId: string } | null>;
}

/** Refuses every kiosk: the default with authentication on and no real authenticator wired. */
export const refuseAllKiosks: KioskAuthenticator = { verifyUpgrade: async () => null };

export function devKioskAuthenticator(authMode: 'on' | 'off'): KioskAuthenticator {
  if (authMode !== 'off') throw new Error('the development kiosk authenticator needs HUB_AUTH=off');
  return {
    verifyUpgrade: async (req) => {
      const kioskId = new URL(req.url, 'http://hub.invalid').searchParams.get('kioskId');
      const parsed = kioskIdSchema.safeParse(kioskId);
      return parsed.success ? { kioskId: parsed.data } : null;
    },
  };
}
