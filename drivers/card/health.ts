// Card reader health: offline → ready ⇄ busy → attention → error (DESIGN.md §4), through the
// generic machine the ID readers introduced (one setter, "old → new" logged, one event per
// change), typed for card reader reasons.
import type { CardReaderHealthReason, DeviceHealthEvent } from '../device-classes.js';
import { createDeviceHealth, type DeviceHealthMachine } from '../shared/device-health.js';
import type { DriverLogger } from '../shared/logger.js';

export type CardReaderHealth = DeviceHealthEvent<CardReaderHealthReason>;
export type CardHealthMachine = DeviceHealthMachine<CardReaderHealthReason>;

/** Starts offline/disconnected: a driver that was never opened has no link. */
export function createCardHealth(log: DriverLogger, device: string, now?: () => Date): CardHealthMachine {
  return createDeviceHealth<CardReaderHealthReason>(log, device, { state: 'offline', reason: 'disconnected' }, now);
}

/**
 * One bad card is the card's fault, a run of them is the reader's (dirty head, wrong baud
 * rate, broken contacts): after `threshold` failed reads in a row the reader asks for
 * attention ('read-error'); the next good read clears it.
 */
export function createReadErrorPolicy(health: CardHealthMachine, threshold: number): { failed(): void; succeeded(): void } {
  let streak = 0;
  return {
    failed() {
      streak += 1;
      if (streak >= threshold && health.current.state !== 'offline') health.set('attention', 'read-error');
    },
    succeeded() {
      streak = 0;
      if (health.current.reason === 'read-error') health.set('ready');
    },
  };
}
