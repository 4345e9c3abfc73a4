// One push round: the outbox's unsettled rows leave in sequence order, a batch at a time,
// each answered item by item; each batch is read as the JSON text it is sent as
// (outbox-batch.node.ts), not as row objects. Rows are marked `sending` before the request so a kill at any
// instant leaves them to be resent; the hub answers `duplicate` for those it already stored.
import { HUB_API_PATHS, MAX_BATCH_ITEMS, errorBodySchema, transactionBatchResponseSchema } from '../../protocol/hub-api.js';
import type { HostLogger } from './log.node.js';
import type { Outbox, OutboxBatch } from './outbox.node.js';

import { RawJson, type HubReply, type Send } from './hub-send.node.js';

export { RawJson, type HubReply, type Send };

/** The `TransactionBatchRequest` as JSON, around the items text the outbox built. */
function batchJson(kioskId: string, backlogHint: number, batch: OutboxBatch): RawJson {
  return new RawJson(`{"kioskId":${JSON.stringify(kioskId)},"backlogHint":${backlogHint},"items":${batch.itemsJson}}`);
}

export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
  ) {
    super(`hub answered ${status}${code ? ` ${code}` : ''}`);
    this.name = 'HubError';
  }
}

/** The `{code}` of an error reply, or null when the body is not the hub's error shape. */
export async function errorCode(reply: HubReply): Promise<string | null> {
  const parsed = errorBodySchema.safeParse(await reply.json().catch(() => null));
  return parsed.success ? parsed.data.code : null;
}

export interface PushContext {
  kioskId: string;
  outbox: Outbox;
  log: HostLogger;
  send: Send;
  batchSize: number;
  /** Registers (again); the hub forgot the kiosk or never knew it. */
  register(): Promise<void>;
}

async function settle(outbox: Outbox, batch: OutboxBatch, reply: HubReply): Promise<{ acked: number; rejected: number }> {
  const parsed = transactionBatchResponseSchema.parse(await reply.json());
  const { ids } = batch;
  // Results are matched by index AND id: a reply that does not line up is not trusted at all.
  const aligned = parsed.results.length === ids.length && parsed.results.every((r) => r.id?.toLowerCase() === ids[r.index]?.toLowerCase());
  if (!aligned) throw new HubError(reply.status, 'MISMATCHED_RESULTS');
  let rejected = 0;
  for (const result of parsed.results) {
    if (result.status !== 'rejected') continue;
    rejected += 1;
    await outbox.markRejected(ids[result.index]!, result.code ?? 'REJECTED', result.message ?? '');
  }
  // The rest were stored now, or by an earlier attempt (duplicate): delivered either way.
  await outbox.markAckedRange(batch.firstSeq, batch.lastSeq);
  return { acked: ids.length - rejected, rejected };
}

/** Reads the next batch after `afterSeq` and marks it `sending` (attempted). */
async function take(outbox: Outbox, afterSeq: number, size: number): Promise<OutboxBatch | null> {
  const batch = await outbox.batch(size, afterSeq);
  if (batch) await outbox.markSendingRange(batch.firstSeq, batch.lastSeq);
  return batch;
}

/**
 * Pushes until the outbox is empty; throws (HubError, network) to make the engine back off.
 * Batches leave strictly one after another, but while the hub stores one the next is read and
 * marked locally, so the kiosk's disk work hides behind the hub's.
 */
export async function pushBacklog(ctx: PushContext): Promise<{ sent: number }> {
  const { outbox, log } = ctx;
  const full = Math.min(ctx.batchSize, MAX_BATCH_ITEMS);
  let size = full;
  let sent = 0;
  let reRegistered = false;
  let next = take(outbox, 0, size);
  for (;;) {
    const batch = await next;
    if (!batch) return { sent };
    const count = batch.ids.length;
    const body = batchJson(ctx.kioskId, Math.max(0, (await outbox.backlog()) - count), batch);
    const replying = ctx.send('POST', HUB_API_PATHS.transactions, body);
    const ahead = take(outbox, batch.lastSeq, Math.min(full, size * 2));
    const drop = () => ahead.then(() => undefined, () => undefined); // its rows stay unsettled: resent later
    let reply: HubReply;
    try {
      reply = await replying;
    } catch (err) {
      await drop();
      throw err;
    }
    if (reply.status === 413) {
      await drop();
      const [only] = batch.ids;
      if (count === 1 && only) {
        // Alone and still too large: it can never be delivered, so it becomes a dead letter.
        await outbox.markRejected(only, 'PAYLOAD_TOO_LARGE', 'the hub refuses this transaction as too large even on its own');
        log.error({ id: only, seq: batch.firstSeq }, 'sync: transaction too large for the hub, dead-lettered');
      } else size = Math.max(1, Math.floor(count / 2));
      next = take(outbox, 0, size);
      continue;
    }
    if (reply.status === 404) {
      await drop();
      const code = await errorCode(reply);
      if (code !== 'UNKNOWN_KIOSK' || reRegistered) throw new HubError(404, code);
      log.warn({ kioskId: ctx.kioskId }, 'sync: hub does not know this kiosk, registering again');
      reRegistered = true;
      await ctx.register();
      next = take(outbox, 0, size);
      continue;
    }
    if (reply.status !== 200) {
      await drop();
      throw new HubError(reply.status, await errorCode(reply));
    }
    const { acked, rejected } = await settle(outbox, batch, reply).catch(async (err: unknown) => {
      await drop();
      throw err;
    });
    sent += count;
    log.debug({ sent: count, acked, rejected, firstSeq: batch.firstSeq }, 'sync: batch delivered');
    // Grow back after a 413 split, so one large item does not slow the whole backlog.
    size = Math.min(full, size * 2);
    next = ahead;
  }
}
