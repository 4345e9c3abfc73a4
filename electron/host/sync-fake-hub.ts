// An in-memory hub speaking the v1 wire format through a `fetch`-shaped function, for the
// sync engine's unit and property tests. It applies each (kiosk, id) at most once like the
// real one, and has switches for the failures the engine must survive. Because it hides a
// duplicate send as the real hub does, it also records every delivery: that is where a test
// sees whether the engine sent something again.
import { transactionBatchRequestSchema, type ChangeItem } from '../../protocol/hub-api.js';

export interface FakeHubItem {
  id: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

/** One item as it arrived in a batch the hub took in (duplicates included). */
export interface FakeHubDelivery {
  kioskId: string;
  id: string;
  /** False while the hub works on it, and for good when the reply was lost on the way back. */
  answered: boolean;
}

export class FakeHub {
  readonly kiosks = new Set<string>();
  readonly stored = new Map<string, FakeHubItem[]>();
  /** Every POSTed batch's ids, in arrival order. */
  readonly batches: string[][] = [];
  /** Every item of every batch the hub took in (past the size and kiosk checks), in arrival order. */
  readonly deliveries: FakeHubDelivery[] = [];
  down = false;
  /** Store the batch, then fail the response as a dropped connection would. */
  loseNextResponses = 0;
  /** 413 for batches with more items than this. */
  maxItems = Infinity;
  /** Item ids to answer `rejected` / CONFLICT. */
  readonly refuse = new Set<string>();
  /** Changes served to pull, a cursor being the index of the next one. */
  changes: ChangeItem[] = [];
  servesChanges = true;
  requests = 0;

  items(kioskId: string): FakeHubItem[] {
    return this.stored.get(kioskId) ?? [];
  }

  /**
   * Ids a kiosk sent again after it had been answered for them, once per extra send. Sending
   * again is right only when the answer never arrived (a lost reply, a dropped connection).
   */
  needlessResends(kioskId: string): string[] {
    const answered = new Set<string>();
    const again: string[] = [];
    for (const d of this.deliveries) {
      if (d.kioskId !== kioskId) continue;
      if (answered.has(d.id)) again.push(d.id);
      if (d.answered) answered.add(d.id);
    }
    return again;
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.requests += 1;
    if (this.down) throw new TypeError('fetch failed (fake hub down)');
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const reply = (status: number, json: unknown) => new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
    if (url.pathname === '/v1/kiosks/register') {
      const created = !this.kiosks.has(String(body.kioskId));
      this.kiosks.add(String(body.kioskId));
      return reply(created ? 201 : 200, { kioskId: body.kioskId, branchId: body.branchId, registeredAt: new Date(0).toISOString() });
    }
    const changes = /^\/v1\/kiosks\/([^/]+)\/changes$/.exec(url.pathname);
    if (changes) {
      if (!this.servesChanges) return reply(404, { code: 'NOT_FOUND', message: 'no route' });
      if (!this.kiosks.has(decodeURIComponent(changes[1] ?? ''))) return reply(404, { code: 'UNKNOWN_KIOSK', message: 'register first' });
      const from = Number(url.searchParams.get('cursor') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '100');
      const items = this.changes.slice(from, from + limit);
      return reply(200, { items, cursor: String(from + items.length), hasMore: from + items.length < this.changes.length });
    }
    if (url.pathname !== '/v1/transactions') return reply(404, { code: 'NOT_FOUND', message: 'no route' });
    // Strictly the real wire format: the engine splices stored payload text into the batch.
    const batch = transactionBatchRequestSchema.parse(body);
    const kioskId = batch.kioskId;
    const items: FakeHubItem[] = batch.items;
    if (items.length > this.maxItems) return reply(413, { code: 'PAYLOAD_TOO_LARGE', message: 'too large' });
    if (!this.kiosks.has(kioskId)) return reply(404, { code: 'UNKNOWN_KIOSK', message: 'register first' });
    this.batches.push(items.map((i) => i.id));
    const delivered = items.map((item): FakeHubDelivery => ({ kioskId, id: item.id, answered: false }));
    this.deliveries.push(...delivered);
    const list = this.stored.get(kioskId) ?? [];
    this.stored.set(kioskId, list);
    const results = items.map((item, index) => {
      if (this.refuse.has(item.id)) return { id: item.id, index, status: 'rejected', code: 'CONFLICT', message: 'refused by test' };
      if (list.some((s) => s.id === item.id)) return { id: item.id, index, status: 'duplicate' };
      list.push({ id: item.id, seq: item.seq, type: item.type, payload: item.payload });
      return { id: item.id, index, status: 'stored' };
    });
    if (this.loseNextResponses > 0) {
      this.loseNextResponses -= 1;
      throw new TypeError('fetch failed (response lost after the hub stored the batch)');
    }
    for (const d of delivered) d.answered = true;
    return reply(200, { results });
  };
}
