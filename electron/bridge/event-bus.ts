// Host → page events. Payloads are validated before they leave the host so a bug in a
// service cannot push an undeclared shape into the page.
import { events, type EventName, type EventPayload } from './contract.js';

export type EventListener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const parsed = events[name].parse(payload);
    for (const listener of this.listeners) listener(name, parsed);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
