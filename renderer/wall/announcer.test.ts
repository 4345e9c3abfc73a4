import { describe, expect, it } from 'vitest';
import type { CallEvent, Snapshot } from '../../protocol/branch-queue.js';
import { CallAnnouncer } from './announcer.js';

const call = (seq: number, number: string): CallEvent => ({ seq, kind: 'called', ticketId: `t${seq}`, number, serviceId: 'deposits', counterId: 'c1', counterName: '1 号窗口', at: '2026-12-03T10:00:00Z' });
const snap = (calls: CallEvent[]): Snapshot => ({ branchId: 'BR001', at: '2026-12-03T10:00:00Z', seq: calls.length, atCounters: [], lastCalls: [...calls].reverse(), waits: [] });

describe('call announcer', () => {
  it('announces nothing already on the board at start, then each new call once, oldest first', () => {
    const a = new CallAnnouncer();
    expect(a.take(snap([call(1, 'A001'), call(2, 'A002')]))).toEqual([]);
    expect(a.take(snap([call(1, 'A001'), call(2, 'A002'), call(3, 'V001'), call(4, 'A003')])).map((c) => c.number)).toEqual(['V001', 'A003']);
    expect(a.take(snap([call(1, 'A001'), call(2, 'A002'), call(3, 'V001'), call(4, 'A003')]))).toEqual([]);
    // A recall is a new event with its own seq: announced again.
    expect(a.take(snap([call(3, 'V001'), call(4, 'A003'), { ...call(5, 'A003'), kind: 'recalled' }])).map((c) => [c.number, c.kind])).toEqual([['A003', 'recalled']]);
  });
});
