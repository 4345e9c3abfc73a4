// Starts a process and resolves when a line on its stdout matches: the moment a server says
// it is ready. Used by the cold-start and idle-rss benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Started {
  child: ChildProcess;
  match: RegExpMatchArray;
  stop(): Promise<void>;
}

export function spawnUntil(cmd: string, args: string[], pattern: RegExp, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Started> {
  const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`${cmd} not ready within ${opts.timeoutMs ?? 30_000} ms: ${err.slice(-400)}`))), opts.timeoutMs ?? 30_000);
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before it was ready: ${err.slice(-400)}`));
    });
  });
}
