// A hub for cross-cutting tests with authentication on, as in production: the kiosk is
// enrolled (credentials saved in its data dir) and staff reads carry a bearer token.
import { randomBytes } from 'node:crypto';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import type { Clock } from '../../hub/assist/clock.js';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';

export interface TestHub {
  hub: RunningHub;
  /** GET as staff, parsed JSON. */
  staffGet<T>(path: string): Promise<T>;
  enroll(kioskId: string, kioskDataDir: string): Promise<void>;
  close(): Promise<void>;
}

/** `adminToken`: also accept this admin bearer token (admin routes are refused without one). */
export async function startTestHub(opts: { port?: number; adminToken?: string; clock?: Clock } = {}): Promise<TestHub> {
  const staffToken = randomBytes(32).toString('base64url');
  const hub = await startHub({ port: opts.port ?? 0, host: '127.0.0.1', dataDir: 'memory://', auth: { tokens: { staffToken, adminToken: opts.adminToken } }, ...(opts.clock ? { clock: opts.clock } : {}) });
  return {
    hub,
    async staffGet<T>(path: string) {
      const res = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${staffToken}` } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async enroll(kioskId, kioskDataDir) {
      await openCredentialsStore({ dataDir: kioskDataDir }).save(await enrollLocalKiosk(hub, kioskId));
    },
    close: () => hub.close(),
  };
}
