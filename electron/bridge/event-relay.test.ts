import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';
import { eventRelay } from './event-relay.js';

describe('eventRelay', () => {
  it('passes on what the bus emits to subscribers from before and after it was attached, until they unsubscribe', () => {
    const relay = eventRelay();
    const early: string[] = [];
    const late: string[] = [];
    const offEarly = relay.events.subscribe((name) => early.push(name));
    const bus = new EventBus();
    relay.attach(bus);
    relay.events.subscribe((name) => late.push(name));
    bus.emit('kiosk.reload', { commandId: 'c1' });
    offEarly();
    bus.emit('kiosk.reload', { commandId: 'c1' });
    expect(early).toEqual(['kiosk.reload']);
    expect(late).toEqual(['kiosk.reload', 'kiosk.reload']);
    expect(() => relay.attach(bus)).toThrow(/already attached/);
  });
});
