import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeWorkerLauncher } from './worker-launcher.node.js';

describe('node worker launcher', () => {
  it('survives a send racing the worker’s death (EPIPE is not a host crash)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-worker-'));
    const entry = path.join(dir, 'dies.cjs');
    writeFileSync(entry, "process.on('message', () => undefined); process.send('up');");
    const worker = nodeWorkerLauncher(entry)();
    const exited = new Promise<number | null>((resolve) => worker.onExit((code) => resolve(code)));
    await new Promise<void>((resolve) => worker.onMessage(() => resolve()));
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      // Killed, and dead (a zombie) before this tick ends: the IPC channel still looks
      // connected, so the send goes out on a broken pipe.
      worker.kill();
      const state = () => readFileSync(`/proc/${worker.pid}/stat`, 'utf8').split(') ')[1]?.[0];
      for (let spins = 0; state() !== 'Z' && spins < 5_000_000; spins++);
      worker.send({ t: 'stop' } as never);
      expect(await exited).toBeNull();
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
