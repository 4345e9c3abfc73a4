// How the device worker process is started. Under plain Node it is a forked child; under
// Electron main.ts passes a launcher built on utilityProcess (RunAsNode is fused off, so the
// Electron binary cannot be forked as Node).
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToWorker } from './worker-protocol.js';

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(msg: ToWorker): void;
  onMessage(cb: (msg: unknown) => void): void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type WorkerLauncher = () => WorkerHandle;

/** The worker's entry next to this file: the .ts source in development, the bundle in builds. */
export function defaultWorkerEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'device-worker.cjs');
  return existsSync(bundled) ? bundled : path.join(here, 'device-worker.node.ts');
}

export function nodeWorkerLauncher(entry = defaultWorkerEntry()): WorkerLauncher {
  return () => {
    const execArgv = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = fork(entry, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // A send racing the worker's death fails asynchronously (EPIPE) as an 'error' event; the
    // exit that follows is what the supervisor acts on, so the error must not end the host.
    child.on('error', () => undefined);
    return {
      pid: child.pid,
      send: (msg) => {
        if (child.connected) child.send(msg);
      },
      onMessage: (cb) => void child.on('message', cb),
      onExit: (cb) => void child.on('exit', (code, signal) => cb(code, signal)),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
