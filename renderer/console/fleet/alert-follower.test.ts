import { describe, expect, it } from 'vitest';
import type { AlertChangesResponse, AlertNotice } from '../../../protocol/fleet-alerts.js';
import { StaffResourceError } from '../api/staff-resource.js';
import { followAlertChanges } from './alert-follower.js';

const notice = (alertId: string): AlertNotice =>
  ({ event: 'alert.raised', alert: { alertId, kioskId: 'K1', kind: 'kiosk-offline' } }) as unknown as AlertNotice;

/** Plays the hub: each call takes the next scripted answer (or refusal); the last call aborts. */
function script(steps: (AlertChangesResponse | Error)[]) {
  const stop = new AbortController();
  const sinces: (string | null)[] = [];
  const sleeps: number[] = [];
  const emitted: string[] = [];
  let clock = 0;
  const run = followAlertChanges({
    signal: stop.signal,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    emit: (n) => emitted.push(n.alert.alertId),
    changes: async (since) => {
      sinces.push(since);
      const step = steps.shift();
      clock += 200;
      if (steps.length === 0) stop.abort();
      if (!step) return { at: 'end', notices: [] };
      if (step instanceof Error) throw step;
      return step;
    },
  });
  return { run, sinces, sleeps, emitted };
}

describe('following alert changes without the call socket', () => {
  it('passes each answer’s cursor to the next call, emits its events, and keeps a gap between calls', async () => {
    const s = script([
      { at: 't1', notices: [] },
      { at: 't2', notices: [notice('a'), notice('b')] },
      { at: 't3', notices: [notice('c')] },
      { at: 't4', notices: [] },
    ]);
    await s.run;
    expect(s.sinces).toEqual([null, 't1', 't2', 't3']);
    expect(s.emitted).toEqual(['a', 'b', 'c']);
    // An empty answer after 200 ms: 800 ms more before the next call (no tight loop); one with
    // alerts: the next call at once (the fleet bench saw operations views ~1 s behind).
    expect(s.sleeps).toEqual([800]);
  });

  it('waits and retries with the same cursor after a failure; stops once the session has ended', async () => {
    const s = script([{ at: 't1', notices: [] }, new StaffResourceError('network', 'down'), { at: 't2', notices: [notice('a')] }, new StaffResourceError('session-expired', '401'), { at: 'never', notices: [notice('z')] }]);
    await s.run;
    expect(s.sinces).toEqual([null, 't1', 't1', 't2']);
    expect(s.sleeps).toEqual([800, 5_000]);
    expect(s.emitted).toEqual(['a']);
  });
});
