// Slots for the demo hub (npm start, demo core banking), so "Book an appointment" has times to
// offer without a supervisor: branch BR001 (the demo kiosk's), deposits and loans, the next 7
// days, 09:00–16:30 China Standard Time every 30 minutes, 2 places each. Opened at every start;
// slots that already exist are left alone, so a long-running demo gains each new day.
import type { Clock } from '../assist/clock.js';
import type { AppointmentStore, NewSlot } from './appointment-store.js';

export const DEMO_BRANCH = 'BR001';
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

export function demoSlots(nowMs: number, days = 7): NewSlot[] {
  // Midnight of today in China Standard Time, as an instant.
  const todayCst = Math.floor((nowMs + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;
  const slots: NewSlot[] = [];
  for (let day = 0; day < days; day++) {
    for (let half = 18; half < 34; half++) {
      const startsAtMs = todayCst + day * DAY_MS + half * 30 * 60_000;
      if (startsAtMs <= nowMs) continue;
      for (const serviceId of ['deposits', 'loans']) slots.push({ serviceId, startsAtMs, durationMin: 30, capacity: 2 });
    }
  }
  return slots;
}

/** The number of slots opened now. */
export async function seedDemoSlots(store: AppointmentStore, clock: Pick<Clock, 'now'>): Promise<number> {
  const slots = demoSlots(clock.now());
  return slots.length === 0 ? 0 : (await store.createSlots(DEMO_BRANCH, slots, 'demo-seed')).length;
}
