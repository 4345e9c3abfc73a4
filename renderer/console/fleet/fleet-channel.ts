// Fleet alert events from the hub socket to whichever fleet view is open. One channel per
// console controller (a WeakMap, so the controller needs no field for it and nothing leaks
// between consoles in one test process).
import type { AlertNotice } from '../../../protocol/fleet-alerts.js';

export interface FleetChannel {
  emit(notice: AlertNotice): void;
  subscribe(listener: (notice: AlertNotice) => void): () => void;
}

const channels = new WeakMap<object, FleetChannel>();

export function fleetChannelOf(controller: object): FleetChannel {
  let channel = channels.get(controller);
  if (!channel) {
    const listeners = new Set<(notice: AlertNotice) => void>();
    channel = {
      emit: (notice) => {
        for (const listener of listeners) listener(notice);
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    channels.set(controller, channel);
  }
  return channel;
}
