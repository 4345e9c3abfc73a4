// The process the chaos test kills: the host's outbox and sync engine plus a writer that
// enqueues transactions and, once an enqueue has resolved (the customer would now be told
// "done"), appends the transaction to an fsync'd log. argv: dataDir hubUrl ackLog mode round.
// In `drain` mode there is no writer: it syncs until the backlog is empty, then exits 0.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { openLocalStore } from '../../electron/host/local-store.node.js';
import { createLogger, silentLogger } from '../../electron/host/log.node.js';
import { Outbox } from '../../electron/host/outbox.node.js';
import { SyncEngine } from '../../electron/host/sync-engine.node.js';
import { CHAOS_KIOSK } from './chaos-verify.js';



async function main(): Promise<void> {
  const [dataDir, hubUrl, ackLog, mode, round] = process.argv.slice(2);
  if (!dataDir || !hubUrl || !ackLog || !mode) throw new Error('usage: chaos-child dataDir hubUrl ackLog write|drain round');
  const db = await openLocalStore(dataDir);
  let engine: SyncEngine | null = null;
  const outbox = new Outbox(db, { onCommitted: () => engine?.kick() });
  engine = new SyncEngine({
    hubUrl,
    kioskId: CHAOS_KIOSK,
    branchId: 'CHAOS',
    version: 'chaos',
    outbox,
    // BK_CHAOS_LOG=debug shows the child's sync log on stderr when a run needs explaining.
    log: process.env.BK_CHAOS_LOG ? createLogger({ level: process.env.BK_CHAOS_LOG, destination: process.stderr }) : silentLogger(),
    intervalMs: 20,
    batchSize: 50,
    requestTimeoutMs: 3_000,
    backoff: { baseMs: 20, capMs: 200 },
    onStatus: () => undefined,
  });
  engine.start();
  process.stdout.write('ready\n');

  if (mode === 'drain') {
    for (;;) {
      await engine.runNow();
      if ((await outbox.backlog()) === 0 && engine.current().online) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await engine.stop();
    await db.close();
    process.stdout.write('drained\n');
    return;
  }

  const log = openSync(ackLog, 'a');
  let n = 0;
  // Several customers' worth of concurrent writers, so group commit is part of the chaos.
  const writer = async (w: number) => {
    for (;;) {
      const ref = `${round}-${w}-${n++}`;
      const { id, seq } = await outbox.enqueue('chaos.tx', { ref, amountMinor: n });
      writeSync(log, `${id} ${seq} ${ref}\n`);
      fsyncSync(log);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer)).finally(() => closeSync(log));
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos child failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
