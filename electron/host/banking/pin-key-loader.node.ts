// The PIN pad's per-device working key, once per host run: the hub issues a new key as a TR-31
// key block under this pad's terminal master key, the device worker loads it into the pad, and
// the check value the pad computed goes back to the hub, which then retires the older keys.
// Every run is a rotation. Until it worked (hub away, pad without a TMK), PIN entries use the
// key the pad already had; a refused block leaves the pad's old key in place (driver's rule).
import type { PinKeyLoadedResponse, PinKeyResponse } from '../../../protocol/pin-keys.js';
import type { DeviceManager } from '../device-manager.node.js';
import type { HostLogger } from '../log.node.js';

export interface PinKeyHub {
  issuePinKey(): Promise<PinKeyResponse>;
  confirmPinKey(keyId: string, kcv: string): Promise<PinKeyLoadedResponse>;
}

export type PinKeyOutcome = 'loaded' | 'not-managed' | 'no-master-key' | 'failed';

export class PinKeyLoader {
  /** How this run ended, once it will not change: loaded, or a hub that manages no keys. */
  private settled: PinKeyOutcome | null = null;
  private running: Promise<PinKeyOutcome> | null = null;
  private asked = false;

  constructor(
    private readonly deps: { hub: PinKeyHub; devices: Pick<DeviceManager, 'loadPinKey' | 'roleOf' | 'queryPinKey'>; log: Pick<HostLogger, 'info' | 'warn'> },
  ) {}

  /** Loads a fresh key unless this run already has one; concurrent callers share the attempt. */
  ensure(): Promise<PinKeyOutcome> {
    if (this.settled) return Promise.resolve(this.settled);
    this.running ??= this.attempt().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async attempt(): Promise<PinKeyOutcome> {
    if (!this.deps.devices.roleOf('pin-pad')) return 'not-managed';
    const { log } = this.deps;
    // The key the pad already holds (from an earlier run), in use until the hub sends a new one:
    // a start while the hub is away still makes PIN blocks under this kiosk's own key.
    if (!this.asked) {
      this.asked = true;
      const held = await this.deps.devices.queryPinKey().catch(() => null);
      if (held) log.info({ keyId: held.keyId, kcv: held.kcv }, 'PIN pad: holds a working key from an earlier run');
    }
    try {
      const issued = await this.deps.hub.issuePinKey();
      if (issued.outcome === 'unavailable') {
        log.info({ reason: issued.reason }, 'PIN pad: the hub issues no per-device key; the pad keeps its key');
        // Nothing will change within this run: do not ask again at every journey.
        if (issued.reason === 'not-managed') this.settled = 'not-managed';
        return issued.reason;
      }
      const loaded = await this.deps.devices.loadPinKey(issued.keyBlock);
      if (loaded.keyId !== issued.keyId || loaded.kcv !== issued.kcv) {
        log.warn({ keyId: loaded.keyId, kcv: loaded.kcv, issuedKcv: issued.kcv }, 'PIN pad: the loaded key is not the one issued');
        return 'failed';
      }
      const confirmed = await this.deps.hub.confirmPinKey(loaded.keyId, loaded.kcv);
      if (!confirmed.confirmed) {
        log.warn({ keyId: loaded.keyId, reason: confirmed.reason }, 'PIN pad: the hub did not confirm the loaded key');
        return 'failed';
      }
      this.settled = 'loaded';
      log.info({ keyId: loaded.keyId, kcv: loaded.kcv }, 'PIN pad: per-device working key in use');
      return 'loaded';
    } catch (err) {
      log.warn({ code: (err as { code?: string }).code, err: (err as Error).message }, 'PIN pad: no new working key this time');
      return 'failed';
    }
  }
}
