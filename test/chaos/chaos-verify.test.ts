import { describe, expect, it } from 'vitest';
import { verifyDelivery } from './chaos-verify.js';

const row = (id: string, seq: number, at: number, ref: string | null = id) => ({ id, seq, receivedAt: String(at), ref });

describe('chaos verdict', () => {
  it('passes exactly-once, in-order delivery and ignores a torn last log line', () => {
    const report = verifyDelivery({ rounds: 1, enqueued: 3, ackLog: 'a 1 a\nb 2 b\nc 3', hubRows: [row('a', 1, 10), row('b', 2, 10), row('c', 3, 11)] });
    expect(report).toEqual({ rounds: 1, enqueued: 3, acknowledged: 2, atHub: 3, lost: 0, duplicated: 0, outOfOrder: 0 });
  });

  it('counts a lost, a doubled business transaction and an out-of-order arrival', () => {
    const report = verifyDelivery({
      rounds: 1,
      enqueued: 4,
      ackLog: 'a 1 a\nb 2 b\nc 3 c\nd 4 d\n',
      hubRows: [row('a', 1, 10), row('b', 2, 12), row('c', 3, 11), row('x', 5, 13, 'a')],
    });
    expect(report).toMatchObject({ lost: 1, duplicated: 1, outOfOrder: 1 });
  });

  it('counts a transaction stored under another seq as out of order', () => {
    expect(verifyDelivery({ rounds: 1, enqueued: 1, ackLog: 'a 1 a\n', hubRows: [row('a', 2, 1)] })).toMatchObject({ lost: 0, outOfOrder: 1 });
  });
});
