// The process the chaos test kills: the host's outbox and sync engine (requests signed with
// the kiosk's enrolled key) plus a writer that enqueues transactions and, once an enqueue has
// resolved (the customer would now be told "done"), appends the transaction — id, seq and
// the exact content committed — to an fsync'd log on another disk.
// argv: dataDir hubUrl ackLog write|drain round credentialsDir.
// In `drain` mode there is no writer: it syncs until the backlog is empty, then exits 0.
// BK_CHAOS_BREAK=skip-journal breaks durability on purpose (the journal write does nothing),
// to show that the power-cut rounds catch it.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { credentialsSigner } from '../../electron/host/hub-signer.node.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { openLocalStore } from '../../electron/host/local-store.node.js';
import { createLogger, silentLogger } from '../../electron/host/log.node.js';
import { journalOf } from '../../electron/host/outbox-journal-store.node.js';
import { Outbox } from '../../electron/host/outbox.node.js';
import { SyncEngine } from '../../electron/host/sync-engine.node.js';
import { CHAOS_KIOSK } from './chaos-verify.js';

async function main(): Promise<void> {
  const [dataDir, hubUrl, ackLog, mode, round, credentialsDir] = process.argv.slice(2);
  if (!dataDir || !hubUrl || !ackLog || !mode || !credentialsDir) throw new Error('usage: chaos-child dataDir hubUrl ackLog write|drain round credentialsDir');
  const db = await openLocalStore(dataDir);
  const journal = journalOf(db);
  if (process.env.BK_CHAOS_BREAK === 'skip-journal' && journal) journal.write = () => undefined;
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
    sign: credentialsSigner(openCredentialsStore({ dataDir: credentialsDir }), CHAOS_KIOSK),
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
      const payload = { ref: `${round}-${w}-${n++}`, amountMinor: n, note: `writer ${w} of round ${round}` };
      const { id, seq } = await outbox.enqueue('chaos.tx', payload);
      writeSync(log, `${JSON.stringify({ id, seq, type: 'chaos.tx', payload })}\n`);
      fsyncSync(log);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer)).finally(() => closeSync(log));
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos child failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
