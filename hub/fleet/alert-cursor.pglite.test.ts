// The long poll's cursor and alerts still being written (found by `npm run bench -- fleet`:
// an operations console missed alerts). An alert's time is taken before its transaction, so
// it can commit with a time earlier than a cursor handed out meanwhile; the poll then moved
// past it and never returned it. Follows the route's cursor rule (staff-fleet.ts: the next
// `since` is the answer's `at`, never behind the newest event returned).
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertNotice } from '../../protocol/fleet-alerts.js';
import type { HealthReport } from '../../protocol/fleet-health.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { migrate } from '../storage/migrations.js';
import type { Database } from '../storage/queryable.js';
import { openTestPglite, type TestDatabase } from '../testing/test-databases.node.js';
import { DEFAULT_FLEET_CONFIG } from './fleet-config.js';
import { FleetService } from './fleet-service.js';

let test: TestDatabase;
beforeAll(async () => {
  test = await openTestPglite();
  await migrate(test.db);
});
afterAll(async () => test.dispose());

const paperOut = (clock: FakeClock): HealthReport => ({
  version: '1.4.0',
  startedAt: '2026-11-23T08:00:00.000Z',
  at: new Date(clock.now()).toISOString(),
  devices: [{ role: 'printer', kind: 'receipt-printer', state: 'attention', reason: 'paper-out', since: '2026-11-23T08:00:00.000Z' }],
  outbox: { backlog: 0, oldestPendingAt: null, lastSyncAt: null, rejected: 0 },
  host: { diskFreeBytes: 50, diskTotalBytes: 100, memFreeBytes: 1, memTotalBytes: 2, uptimeSec: 1 },
});

/** The database, with the next transaction made to wait until the test lets it go. */
function holdable(db: Database) {
  let held: Promise<void> | null = null;
  let release = () => undefined as void;
  const wrapped: Database = {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    transaction: async (work) => {
      const wait = held;
      held = null;
      if (wait) await wait;
      return db.transaction(work);
    },
  };
  return {
    db: wrapped,
    holdNext() {
      held = new Promise<void>((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

/** One long-poll answer as the route builds it: events, and the next cursor. */
async function poll(service: FleetService, since: Date): Promise<{ notices: AlertNotice[]; next: Date }> {
  const at = service.now();
  const notices = await service.alertChangesSince(since);
  const newest = Math.max(at.getTime(), ...notices.flatMap(({ alert }) => [alert.raisedAt, alert.acknowledgedAt, alert.resolvedAt].map((t) => (t ? Date.parse(t) : 0))));
  return { notices, next: new Date(newest) };
}

describe('alert changes cursor', () => {
  it('an alert whose transaction was still open when a poll answered comes with the next poll', async () => {
    const clock = new FakeClock();
    const gate = holdable(test.db);
    const service = new FleetService({ db: gate.db, clock, logger: pino({ level: 'silent' }), config: DEFAULT_FLEET_CONFIG, ruleCacheMs: 0 });
    await service.putRule('printer-paper', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'printer-paper', includeNearEnd: false } }, 'test');
    const cursor = service.now();
    clock.advance(1_000);

    // K-SLOW's report takes its time (stamped now), then K-FAST's commits a second later.
    gate.holdNext();
    service.report('K-SLOW', paperOut(clock));
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(1_000);
    service.report('K-FAST', paperOut(clock));
    while ((await service.listAlerts({ state: 'active', limit: 10 })).length < 1) await new Promise((resolve) => setTimeout(resolve, 5));

    const first = await poll(service, cursor);
    // The cursor stays before the alert still being written.
    expect(first.next.getTime()).toBeLessThan(clock.now() - 1_000);
    gate.release();
    await service.flush();
    const second = await poll(service, first.next);

    const seen = [...first.notices, ...second.notices].map((n) => n.alert.kioskId).sort();
    expect(seen).toEqual(['K-FAST', 'K-SLOW']);
    // Once nothing is being written the cursor is just behind the clock again (a change later in this millisecond is after it).
    expect(service.now().getTime()).toBe(clock.now() - 1);
    await service.close();
  });
});
