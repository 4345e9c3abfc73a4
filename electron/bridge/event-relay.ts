// Host events for a page server that listens before the host's EventBus exists: the headless
// host loads the bus (and the whole contract it validates against) only once its page is
// served (cold start). Sockets subscribe here at any time; once attached, everything the bus
// emits reaches them, as if they had subscribed to the bus itself.
import type { EventBus, EventListener } from './event-bus.js';

export interface EventRelay {
  readonly events: Pick<EventBus, 'subscribe'>;
  /** From now on, what `bus` emits reaches every subscriber. Once. */
  attach(bus: EventBus): void;
}

export function eventRelay(): EventRelay {
  const listeners = new Set<EventListener>();
  let attached = false;
  return {
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    attach(bus) {
      if (attached) throw new Error('event relay already attached');
      attached = true;
      bus.subscribe((name, payload) => {
        for (const listener of listeners) listener(name, payload);
      });
    },
  };
}
