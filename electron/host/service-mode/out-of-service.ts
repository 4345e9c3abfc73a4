// When the kiosk must send customers elsewhere: every enabled journey needs a device that is
// down. Derived from which journeys this kiosk offers (config `journeys`) and what each needs,
// so a ticket-only kiosk goes out of service when its printer runs out of paper, while a kiosk
// that also offered a printer-less journey would not. Pure rule plus a small watch that waits
// a grace period before going out of service (a driver restart takes ~2 s and must not flash
// the screen) and comes back at once when the device recovers.
import { z } from 'zod';
import type { DeviceHealth } from '../../bridge/contract.js';
import type { OutOfService } from '../../bridge/service-contract.js';
import type { DeviceKind } from '../devices/device-config.js';

export const journeyIdSchema = z.enum(['queue-ticket']);
export type JourneyId = z.infer<typeof journeyIdSchema>;

/** The device classes each journey cannot run without. */
export const journeyNeeds: Readonly<Record<JourneyId, readonly DeviceKind[]>> = {
  'queue-ticket': ['receipt-printer'],
};

/** Reasons that warn without stopping the device (it still prints, reads). */
const WARNING_ONLY = new Set(['paper-near-end', 'stock-low']);

export function usable(h: DeviceHealth): boolean {
  if (h.state === 'ready' || h.state === 'busy') return true;
  return h.state === 'attention' && h.reason !== undefined && WARNING_ONLY.has(h.reason);
}

type Blocker = OutOfService['blockedBy'][number];

/** A kind is up when any configured device of that kind is usable. */
function blockerFor(kind: DeviceKind, devices: readonly DeviceHealth[]): Blocker | null {
  const ofKind = devices.filter((d) => d.kind === kind);
  if (ofKind.some(usable)) return null;
  const first = ofKind[0];
  return first ? { kind, role: first.role, reason: first.reason ?? first.state } : { kind, role: null, reason: 'not-configured' };
}

export function judgeOutOfService(journeys: readonly JourneyId[], devices: readonly DeviceHealth[]): { outOfService: boolean; blockedBy: Blocker[] } {
  if (journeys.length === 0) return { outOfService: false, blockedBy: [] };
  const blockers = new Map<DeviceKind, Blocker>();
  let runnable = 0;
  for (const journey of journeys) {
    let blocked = false;
    for (const kind of journeyNeeds[journey]) {
      const b = blockerFor(kind, devices);
      if (!b) continue;
      blocked = true;
      blockers.set(kind, b);
    }
    if (!blocked) runnable++;
  }
  return runnable > 0 ? { outOfService: false, blockedBy: [] } : { outOfService: true, blockedBy: [...blockers.values()] };
}

export interface WatchTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class OutOfServiceWatch {
  private state: OutOfService;
  private pending: unknown = null;
  /** Set by a remote command: out of service whatever the devices say, at once (no grace). */
  private maintenance = false;

  constructor(
    private readonly deps: {
      journeys: readonly JourneyId[];
      devices: () => DeviceHealth[];
      emit: (s: OutOfService) => void;
      graceMs: number;
      timers: WatchTimers;
    },
  ) {
    this.state = { outOfService: false, blockedBy: [], since: new Date(deps.timers.now()).toISOString() };
  }

  current(): OutOfService {
    return this.state;
  }

  get inMaintenance(): boolean {
    return this.maintenance;
  }

  setMaintenance(on: boolean): void {
    if (on === this.maintenance) return;
    this.maintenance = on;
    if (on) {
      if (this.pending !== null) this.deps.timers.clearTimeout(this.pending);
      this.pending = null;
      this.set({ ...judgeOutOfService(this.deps.journeys, this.deps.devices()), outOfService: true });
      return;
    }
    // Back to what the devices alone say; a device still down keeps the kiosk out (no grace).
    const verdict = judgeOutOfService(this.deps.journeys, this.deps.devices());
    this.set(verdict);
  }

  /** Call on every device health change (and once at start). */
  evaluate(): void {
    const verdict = judgeOutOfService(this.deps.journeys, this.deps.devices());
    const { timers } = this.deps;
    if (this.maintenance) {
      if (JSON.stringify(verdict.blockedBy) !== JSON.stringify(this.state.blockedBy)) this.set({ ...verdict, outOfService: true });
      return;
    }
    if (!verdict.outOfService) {
      if (this.pending !== null) timers.clearTimeout(this.pending);
      this.pending = null;
      if (this.state.outOfService) this.set({ outOfService: false, blockedBy: [] });
      return;
    }
    if (this.state.outOfService) {
      // Still out, maybe for another reason: tell the page only when the reason changed.
      if (JSON.stringify(verdict.blockedBy) !== JSON.stringify(this.state.blockedBy)) this.set(verdict);
      return;
    }
    if (this.pending !== null) return;
    this.pending = timers.setTimeout(() => {
      this.pending = null;
      const again = judgeOutOfService(this.deps.journeys, this.deps.devices());
      if (again.outOfService) this.set(again);
    }, this.deps.graceMs);
  }

  close(): void {
    if (this.pending !== null) this.deps.timers.clearTimeout(this.pending);
    this.pending = null;
  }

  private set(next: { outOfService: boolean; blockedBy: Blocker[] }): void {
    const changedState = next.outOfService !== this.state.outOfService;
    this.state = { ...next, since: changedState ? new Date(this.deps.timers.now()).toISOString() : this.state.since, ...(this.maintenance ? { maintenance: true } : {}) };
    this.deps.emit(this.state);
  }
}
