// The device tests the host runs for the technician: a test page on the receipt printer, and
// waiting (with a deadline and a Cancel) for a card, an ID document or a barcode on the
// readers. Every verdict is a short code (`paper-out`, `timeout`, `read-error:LRC`); nothing a
// card or document holds is kept — only that one was read.
import type { DeviceHealth } from '../../bridge/contract.js';
import type { HostTest } from '../../bridge/service-contract.js';
import type { PrintResult, ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { DeviceKind } from '../devices/device-config.js';
import { DeviceCallError } from '../devices/device-handle.js';
import { testPage } from '../test-page.js';

export interface DeviceTestSource {
  roleOf(kind: DeviceKind): string | null;
  list(): DeviceHealth[];
  print(role: string, doc: ReceiptDocument): Promise<PrintResult>;
  onDeviceEvent(cb: (e: { role: string; name: string; payload: unknown }) => void): () => void;
  /** The PIN pad's working key this run (id and KCV), for the technician; absent without a PIN pad manager. */
  pinWorkingKey?(): { keyId: string; kcv: string } | null;
}

export type Verdict = { outcome: 'pass' | 'fail' | 'cancelled'; role: string | null; reason: string | null };

/** Which device class each reader test waits on, and the event that passes it. */
const readerTests = {
  card: { kind: 'card-reader', event: 'card' },
  id: { kind: 'id-reader', event: 'document' },
  scan: { kind: 'barcode-scanner', event: 'scan' },
} as const satisfies Partial<Record<HostTest, { kind: DeviceKind; event: string }>>;

/** `PAPER_OUT` → `paper-out`, so printer codes and health reasons read alike in the records. */
const reasonCode = (code: string): string => code.toLowerCase().replace(/_/g, '-').replace(/[^a-z0-9:._-]/g, '').slice(0, 80) || 'unknown';

export interface DeviceTestsDeps {
  devices: DeviceTestSource;
  kioskId: string;
  /** The hub test (see hub-check.node.ts). */
  checkHub: () => Promise<{ ok: true } | { ok: false; reason: string }>;
  /** How long a reader test waits for the technician to swipe, insert or present. */
  waitMs: number;
}

/** The kind of device a host test needs; null for the hub test. */
export function deviceKindFor(test: HostTest): DeviceKind | null {
  if (test === 'print') return 'receipt-printer';
  if (test === 'hub') return null;
  return readerTests[test].kind;
}

export async function runHostTest(test: HostTest, deps: DeviceTestsDeps, signal: AbortSignal): Promise<Verdict> {
  if (test === 'hub') {
    const r = await deps.checkHub();
    return r.ok ? { outcome: 'pass', role: null, reason: null } : { outcome: 'fail', role: null, reason: reasonCode(r.reason) };
  }
  if (test === 'print') return printTest(deps);
  return waitForRead(test, deps, signal);
}

async function printTest(deps: DeviceTestsDeps): Promise<Verdict> {
  const role = deps.devices.roleOf('receipt-printer');
  if (!role) return { outcome: 'fail', role: null, reason: 'not-configured' };
  try {
    const result = await deps.devices.print(role, testPage({ kioskId: deps.kioskId, role, at: new Date() }));
    return result.printed ? { outcome: 'pass', role, reason: null } : { outcome: 'fail', role, reason: reasonCode(result.code) };
  } catch (err) {
    return { outcome: 'fail', role, reason: err instanceof DeviceCallError ? reasonCode(err.code) : 'io' };
  }
}

function waitForRead(test: keyof typeof readerTests, deps: DeviceTestsDeps, signal: AbortSignal): Promise<Verdict> {
  const { kind, event } = readerTests[test];
  const role = deps.devices.roleOf(kind);
  if (!role) return Promise.resolve({ outcome: 'fail', role: null, reason: 'not-configured' });
  const health = deps.devices.list().find((h) => h.role === role);
  // Waiting on a reader that is not there only wastes the technician's time.
  if (health?.state === 'offline') return Promise.resolve({ outcome: 'fail', role, reason: reasonCode(`offline:${health.reason ?? 'unknown'}`) });
  if (signal.aborted) return Promise.resolve({ outcome: 'cancelled', role, reason: null });
  return new Promise<Verdict>((resolve) => {
    const finish = (v: Verdict) => {
      clearTimeout(timer);
      off();
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = () => finish({ outcome: 'cancelled', role, reason: null });
    const off = deps.devices.onDeviceEvent((e) => {
      if (e.role !== role) return;
      if (e.name === event) return finish({ outcome: 'pass', role, reason: null });
      if (e.name === 'read-error') {
        const code = typeof e.payload === 'object' && e.payload !== null && 'code' in e.payload ? String((e.payload as { code: unknown }).code) : 'unknown';
        finish({ outcome: 'fail', role, reason: reasonCode(`read-error:${code}`) });
      }
    });
    const timer = setTimeout(() => finish({ outcome: 'fail', role, reason: 'timeout' }), deps.waitMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
