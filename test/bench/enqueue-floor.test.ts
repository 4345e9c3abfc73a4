// The floor of enqueue-durable does the real per-row work, not a cheaper stand-in: its records
// are complete journal records that the outbox's own scan reads back, in order.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnqueueFloor } from '../../bench/enqueue-floor.js';
import { OutboxJournal } from '../../electron/host/outbox-journal.node.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('enqueue floor', () => {
  it('writes one valid, durable journal record per call, with the payload, numbered in order', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-floor-'));
    dirs.push(dir);
    const floor = await EnqueueFloor.open(dir);
    const payload = { ticketId: '0190a1b2-0000-7000-8000-000000000000', number: 'A1001' };
    await floor.block(25, 'queue.ticket.issued', payload);
    await floor.block(5, 'queue.ticket.issued', payload);
    await floor.close();
    expect(floor.count).toBe(30);
    expect(floor.rate()).toBeGreaterThan(0);

    const { journal, scan } = await OutboxJournal.open(path.join(dir, 'floor.journal'), { epoch: 1, generation: 1 });
    await journal.close();
    expect(scan.stop).toEqual({ kind: 'end' });
    expect(scan.entries.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(scan.entries.map((e) => e.id)).size).toBe(30);
    expect(JSON.parse(scan.entries[0]!.payload)).toEqual(payload);
    expect(scan.entries.every((e) => e.type === 'queue.ticket.issued')).toBe(true);
  });
});
