// The chaos test's verdict, from three independent records: the acknowledged log (what each
// customer was told is done, with the exact content committed), the kiosk's outbox after the
// last drain, and the hub's rows read straight from PostgreSQL. Every acknowledged
// transaction must be at the hub exactly once, with the seq the kiosk gave it, the content it
// committed, stored in seq order; the kiosk must still hold it (a store that forgot an
// acknowledged row broke its durability even if the hub already had it); nothing may be
// dead-lettered; and the hub may hold nothing the kiosk does not.

export const CHAOS_KIOSK = 'CHAOS01';

export interface ChaosReport {
  rounds: number;
  /** Rounds whose kill was a simulated power cut (unsynced writes lost), not only kill -9. */
  powerCuts: number;
  enqueued: number;
  acknowledged: number;
  atHub: number;
  /** Acknowledged, but not at the hub. */
  lost: number;
  /** Extra hub rows for one id, one business reference or one seq. */
  duplicated: number;
  outOfOrder: number;
  /** At the hub (or in the kiosk store) under the right id, with other content than committed. */
  mismatched: number;
  /** Acknowledged, but missing from the kiosk's own store after a restart. */
  forgotten: number;
  /** Rows the kiosk gave up on (state `rejected`). */
  deadLettered: number;
  /** Hub rows the kiosk's store has no row for. */
  unknownAtHub: number;
  /** Only with several hub instances (`--hubs N`): N. */
  hubs?: number;
  /** Only with several hub instances: hub instances killed (kill -9) and restarted. */
  hubKills?: number;
  calls?: CallsReport;
}

/** Simulated assistance calls of a run with several hub instances (`--hubs N`). */
export interface CallsReport {
  /** Calls set up (a kiosk and an expert, signals flowing), replacements included. */
  started: number;
  /** Times a call lost a socket to a hub kill and resumed on another instance, signals flowing both ways, within the grace period. */
  survivedHubKill: number;
  /** Calls the hub ended, or that did not resume or carry signals again within the grace period. */
  dropped: number;
}

export interface HubRow {
  id: string;
  seq: number;
  /** Microseconds since the epoch, as text (PostgreSQL precision). */
  receivedAt: string;
  ref: string | null;
  type: string;
  /** The stored payload as JSON text. */
  payload: string;
}

export interface KioskRow {
  id: string;
  seq: number;
  type: string;
  state: string;
  payload: string;
}

/** One line of the acknowledged log: written (and fsync'd) after `enqueue` resolved. */
export interface AckLine {
  id: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

/** Key order and spacing never count as a difference; anything else does. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const parseOr = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol('unparseable');
  }
};

export function parseAckLog(text: string): Map<string, AckLine> {
  const acked = new Map<string, AckLine>();
  for (const line of text.split('\n')) {
    // A torn last line (killed mid-write) was never acknowledged in full; skip it.
    const parsed = parseOr(line.trim()) as Partial<AckLine> | symbol;
    if (typeof parsed !== 'object' || parsed === null) continue;
    const { id, seq, type, payload } = parsed;
    if (typeof id !== 'string' || typeof seq !== 'number' || typeof type !== 'string' || typeof payload !== 'object' || payload === null) continue;
    acked.set(id.toLowerCase(), { id, seq, type, payload });
  }
  return acked;
}

export function verifyDelivery(input: { rounds: number; powerCuts?: number; ackLog: string; hubRows: HubRow[]; kioskRows: KioskRow[] }): ChaosReport {
  const acked = parseAckLog(input.ackLog);
  const hubById = new Map<string, HubRow[]>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const byRef = new Map<string, number>();
  const bySeq = new Map<string, number>();
  for (const row of input.hubRows) {
    const id = row.id.toLowerCase();
    hubById.set(id, [...(hubById.get(id) ?? []), row]);
    if (row.ref) count(byRef, row.ref);
    count(bySeq, String(row.seq));
  }
  const kioskById = new Map(input.kioskRows.map((r) => [r.id.toLowerCase(), r]));
  const same = (a: { type: string; payload: unknown }, b: { type: string; payload: unknown }) => a.type === b.type && canonical(a.payload) === canonical(b.payload);

  let lost = 0;
  let outOfOrder = 0;
  let mismatched = 0;
  let forgotten = 0;
  for (const [id, ack] of acked) {
    const kiosk = kioskById.get(id);
    if (!kiosk) forgotten += 1;
    else if (kiosk.seq !== ack.seq || !same(ack, { type: kiosk.type, payload: parseOr(kiosk.payload) })) mismatched += 1;
    const [hub] = hubById.get(id) ?? [];
    if (!hub) {
      lost += 1;
      continue;
    }
    if (hub.seq !== ack.seq) outOfOrder += 1;
    if (!same(ack, { type: hub.type, payload: parseOr(hub.payload) })) mismatched += 1;
  }
  // Rows never acknowledged (the process died before the caller heard back) may or may not
  // exist; where both sides have one, they must agree.
  let unknownAtHub = 0;
  for (const [id, [hub]] of hubById) {
    if (!hub || acked.has(id)) continue;
    const kiosk = kioskById.get(id);
    if (!kiosk) unknownAtHub += 1;
    else if (kiosk.seq !== hub.seq || !same({ type: kiosk.type, payload: parseOr(kiosk.payload) }, { type: hub.type, payload: parseOr(hub.payload) })) mismatched += 1;
  }
  const extra = (map: Map<string, number>) => [...map.values()].reduce((sum, n) => sum + (n > 1 ? n - 1 : 0), 0);
  const duplicated = extra(new Map([...hubById].map(([id, rows]) => [id, rows.length]))) + extra(byRef) + extra(bySeq);
  // Stored in seq order: a later seq never reached the hub before an earlier one.
  const sorted = [...input.hubRows].sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < sorted.length; i++) if (Number(sorted[i]!.receivedAt) < Number(sorted[i - 1]!.receivedAt)) outOfOrder += 1;
  return {
    rounds: input.rounds,
    powerCuts: input.powerCuts ?? 0,
    enqueued: input.kioskRows.length,
    acknowledged: acked.size,
    atHub: input.hubRows.length,
    lost,
    duplicated,
    outOfOrder,
    mismatched,
    forgotten,
    deadLettered: input.kioskRows.filter((r) => r.state === 'rejected').length,
    unknownAtHub,
  };
}

/**
 * Whether calls failed the run: a dropped call does (the cluster is built so that a call
 * survives losing any one instance: at most one is down at a time and every party can
 * reconnect within the grace period, so a drop is a failover bug, not bad luck), and so does
 * a run whose hub kills never cut a call (it proved nothing about failover).
 */
export const callsFailed = (calls: CallsReport, hubKills: number): boolean => calls.dropped > 0 || calls.started === 0 || (hubKills >= 3 && calls.survivedHubKill === 0);

/** Whether a report shows any acknowledged transaction lost, doubled, reordered, altered or abandoned, or (with several hubs) a call dropped. */
export const chaosFailed = (r: ChaosReport): boolean =>
  r.lost + r.duplicated + r.outOfOrder + r.mismatched + r.forgotten + r.deadLettered + r.unknownAtHub > 0 || r.acknowledged === 0 || (r.calls !== undefined && callsFailed(r.calls, r.hubKills ?? 0));
