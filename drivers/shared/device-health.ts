// The health state of an ID reader or scanner, changed through one setter that logs
// "old → new" and emits once per change. Same contract as the printer's machine
// (drivers/escpos/health.ts), generic over the reason type so every device class can use it.
import type { DeviceHealthEvent, HealthState } from '../device-classes.js';
import { createListeners } from './listeners.js';
import type { DriverLogger } from './logger.js';

export interface DeviceHealthMachine<Reason extends string> {
  readonly current: DeviceHealthEvent<Reason>;
  set(state: HealthState, reason?: Reason): void;
  onChange(cb: (e: DeviceHealthEvent<Reason>) => void): () => void;
}

export function createDeviceHealth<Reason extends string>(
  log: DriverLogger,
  device: string,
  initial: { state: HealthState; reason?: Reason },
  now: () => Date = () => new Date(),
): DeviceHealthMachine<Reason> {
  const listeners = createListeners<DeviceHealthEvent<Reason>>();
  const make = (state: HealthState, reason?: Reason): DeviceHealthEvent<Reason> =>
    reason ? { state, reason, since: now().toISOString() } : { state, since: now().toISOString() };
  let current = make(initial.state, initial.reason);
  return {
    get current() {
      return current;
    },
    set(state, reason) {
      if (state === current.state && reason === current.reason) return;
      log.info({ device, from: current.state, fromReason: current.reason, to: state, reason }, 'device health changed');
      current = make(state, reason);
      listeners.emit(current);
    },
    onChange: (cb) => listeners.add(cb),
  };
}
