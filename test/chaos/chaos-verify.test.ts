import { describe, expect, it } from 'vitest';
import { callsFailed, chaosFailed, verifyDelivery, type HubRow, type KioskRow } from './chaos-verify.js';

const payload = (ref: string) => ({ ref, amountMinor: ref.length });
const ack = (id: string, seq: number, ref = id) => JSON.stringify({ id, seq, type: 'chaos.tx', payload: payload(ref) });
const hub = (id: string, seq: number, at: number, ref = id, content: unknown = payload(ref)): HubRow => ({ id, seq, receivedAt: String(at), ref, type: 'chaos.tx', payload: JSON.stringify(content) });
const kiosk = (id: string, seq: number, state = 'acked', ref = id): KioskRow => ({ id, seq, type: 'chaos.tx', state, payload: JSON.stringify(payload(ref)) });

const clean = { lost: 0, duplicated: 0, outOfOrder: 0, mismatched: 0, forgotten: 0, deadLettered: 0, unknownAtHub: 0 };

describe('chaos verdict', () => {
  it('passes exactly-once, in-order, same-content delivery and ignores a torn last log line', () => {
    const report = verifyDelivery({
      rounds: 1,
      powerCuts: 1,
      ackLog: `${ack('a', 1)}\n${ack('b', 2)}\n${ack('c', 3).slice(0, 20)}`,
      hubRows: [hub('a', 1, 10), hub('b', 2, 10), hub('c', 3, 11)],
      kioskRows: [kiosk('a', 1), kiosk('b', 2), kiosk('c', 3)],
    });
    expect(report).toEqual({ rounds: 1, powerCuts: 1, enqueued: 3, acknowledged: 2, atHub: 3, ...clean });
    expect(chaosFailed(report)).toBe(false);
  });

  it('counts a lost, a doubled business transaction and an out-of-order arrival', () => {
    const report = verifyDelivery({
      rounds: 1,
      ackLog: [ack('a', 1), ack('b', 2), ack('c', 3), ack('d', 4)].join('\n'),
      hubRows: [hub('a', 1, 10), hub('b', 2, 12), hub('c', 3, 11), hub('x', 5, 13, 'a')],
      kioskRows: [kiosk('a', 1), kiosk('b', 2), kiosk('c', 3), kiosk('d', 4, 'pending'), kiosk('x', 5, 'acked', 'a')],
    });
    expect(report).toMatchObject({ lost: 1, duplicated: 1, outOfOrder: 1 });
    expect(chaosFailed(report)).toBe(true);
  });

  it('counts a transaction stored under another seq as out of order, and two ids on one seq as doubled', () => {
    expect(verifyDelivery({ rounds: 1, ackLog: ack('a', 1), hubRows: [hub('a', 2, 1)], kioskRows: [kiosk('a', 1)] })).toMatchObject({ lost: 0, outOfOrder: 1 });
    expect(verifyDelivery({ rounds: 1, ackLog: ack('a', 1), hubRows: [hub('a', 1, 1), hub('b', 1, 2, 'b')], kioskRows: [kiosk('a', 1), kiosk('b', 1)] })).toMatchObject({ duplicated: 1 });
  });

  it('compares content: a hub row under the right id with other content is mismatched, key order is not', () => {
    const altered = verifyDelivery({ rounds: 1, ackLog: ack('a', 1), hubRows: [hub('a', 1, 1, 'a', { ref: 'a', amountMinor: 999 })], kioskRows: [kiosk('a', 1)] });
    expect(altered).toMatchObject({ lost: 0, mismatched: 1 });
    expect(chaosFailed(altered)).toBe(true);
    const reordered = verifyDelivery({ rounds: 1, ackLog: ack('a', 1), hubRows: [hub('a', 1, 1, 'a', { amountMinor: 1, ref: 'a' })], kioskRows: [kiosk('a', 1)] });
    expect(reordered).toMatchObject(clean);
  });

  it('counts what the kiosk forgot, dead-lettered, or the hub holds without the kiosk', () => {
    const report = verifyDelivery({
      rounds: 1,
      ackLog: [ack('a', 1), ack('b', 2)].join('\n'),
      hubRows: [hub('a', 1, 1), hub('b', 2, 2), hub('z', 3, 3)],
      kioskRows: [kiosk('b', 2, 'rejected')],
    });
    expect(report).toMatchObject({ forgotten: 1, deadLettered: 1, unknownAtHub: 1, lost: 0 });
  });

  it('fails a run that acknowledged nothing: it proved nothing', () => {
    expect(chaosFailed(verifyDelivery({ rounds: 1, ackLog: '', hubRows: [], kioskRows: [] }))).toBe(true);
  });

  it('with several hubs: a dropped call fails the run, and so do hub kills that never cut a call', () => {
    const base = verifyDelivery({ rounds: 30, ackLog: ack('a', 1), hubRows: [hub('a', 1, 1)], kioskRows: [kiosk('a', 1)] });
    const survived = { ...base, hubs: 3, hubKills: 30, calls: { started: 3, survivedHubKill: 41, dropped: 0 } };
    expect(chaosFailed(survived)).toBe(false);
    expect(chaosFailed({ ...survived, calls: { started: 4, survivedHubKill: 40, dropped: 1 } })).toBe(true);
    expect(callsFailed({ started: 3, survivedHubKill: 0, dropped: 0 }, 30)).toBe(true);
    expect(callsFailed({ started: 0, survivedHubKill: 0, dropped: 0 }, 1)).toBe(true);
    // The transactions still decide on their own: a lost one fails a run whose calls all survived.
    expect(chaosFailed({ ...survived, lost: 1 })).toBe(true);
    // A single-hub run has no calls and is judged on its transactions only.
    expect(chaosFailed(base)).toBe(false);
  });
});
