// What the kiosk can offer right now, per transaction type: offline rules plus back-pressure.
// The page reads the list before a customer starts; the outbox's admission hook enforces the
// same verdict when the transaction is recorded.
import { BridgeError, type Availability, type ServiceAvailability, type SyncStatus } from '../bridge/contract.js';
import type { Backpressure } from './backpressure.node.js';
import { judgeOffline, type OfflineRules } from './offline-rules.js';
import type { Admission } from './outbox.node.js';

export interface AvailabilityDeps {
  rules: OfflineRules;
  /** This type's not-yet-confirmed count and amount (Outbox.exposure). */
  exposure: (type: string) => Promise<{ count: number; amountMinor: number }>;
  backpressure: Backpressure | null;
  syncStatus: () => SyncStatus;
  now?: () => number;
}

export class ServiceAvailabilityService {
  private last = '';

  constructor(private readonly deps: AvailabilityDeps) {}

  private context(exposure: { count: number; amountMinor: number }) {
    const status = this.deps.syncStatus();
    const now = (this.deps.now ?? Date.now)();
    return { online: status.online, offlineForMs: status.lastSyncAt ? now - Date.parse(status.lastSyncAt) : null, exposure };
  }

  async list(): Promise<Availability> {
    const full = this.deps.backpressure ? await this.deps.backpressure.check() : null;
    const services: ServiceAvailability[] = [];
    for (const [type, rule] of Object.entries(this.deps.rules)) {
      if (full) {
        services.push({ type, available: false, reason: 'STORAGE_FULL' });
        continue;
      }
      const verdict = judgeOffline(rule, this.context(await this.deps.exposure(type)), null);
      services.push(verdict.ok ? { type, available: true } : { type, available: false, reason: verdict.code });
    }
    return { online: this.deps.syncStatus().online, services };
  }

  /** The outbox's admission hook: storage first (it binds every type), then offline rules. */
  readonly admit = async ({ type, amountMinor }: Admission): Promise<void> => {
    await this.deps.backpressure?.admit();
    if (this.deps.syncStatus().online) return;
    const verdict = judgeOffline(this.deps.rules[type], this.context(await this.deps.exposure(type)), amountMinor);
    if (!verdict.ok) throw new BridgeError('OFFLINE_NOT_ALLOWED', `${type}: ${verdict.detail}`);
  };

  /** Emits the list when it differs from the last one emitted. */
  async refresh(emit: (a: Availability) => void): Promise<void> {
    const next = await this.list();
    const key = JSON.stringify(next);
    if (key === this.last) return;
    this.last = key;
    emit(next);
  }
}
