// The chaos test's verdict, from the acknowledged log and the hub's rows: every acknowledged
// transaction at the hub exactly once, with the seq the kiosk gave it, stored in seq order.

export const CHAOS_KIOSK = 'CHAOS01';

export interface ChaosReport {
  rounds: number;
  enqueued: number;
  acknowledged: number;
  atHub: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

export interface HubRow {
  id: string;
  seq: number;
  /** Microseconds since the epoch, as text (PostgreSQL precision). */
  receivedAt: string;
  ref: string | null;
}

export function verifyDelivery(input: { rounds: number; enqueued: number; ackLog: string; hubRows: HubRow[] }): ChaosReport {
  const acked = new Map<string, { seq: number; ref: string }>();
  for (const line of input.ackLog.split('\n')) {
    const [id, seq, ref] = line.trim().split(' ');
    // A torn last line (killed mid-write) was never acknowledged in full; skip it.
    if (!id || !seq || !ref || !/^\d+$/.test(seq)) continue;
    acked.set(id.toLowerCase(), { seq: Number(seq), ref });
  }
  const byId = new Map<string, number>();
  const byRef = new Map<string, number>();
  for (const row of input.hubRows) {
    byId.set(row.id.toLowerCase(), (byId.get(row.id.toLowerCase()) ?? 0) + 1);
    if (row.ref) byRef.set(row.ref, (byRef.get(row.ref) ?? 0) + 1);
  }
  const hubSeq = new Map(input.hubRows.map((r) => [r.id.toLowerCase(), r.seq]));
  let lost = 0;
  let outOfOrder = 0;
  for (const [id, { seq }] of acked) {
    if (!byId.has(id)) lost += 1;
    else if (hubSeq.get(id) !== seq) outOfOrder += 1;
  }
  const duplicated = [...byId.values(), ...byRef.values()].reduce((sum, n) => sum + (n > 1 ? n - 1 : 0), 0);
  // Stored in seq order: a later seq never reached the hub before an earlier one.
  const sorted = [...input.hubRows].sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < sorted.length; i++) if (Number(sorted[i]!.receivedAt) < Number(sorted[i - 1]!.receivedAt)) outOfOrder += 1;
  return { rounds: input.rounds, enqueued: input.enqueued, acknowledged: acked.size, atHub: input.hubRows.length, lost, duplicated, outOfOrder };
}
