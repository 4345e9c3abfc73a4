// A linked pair of pseudo-terminals made by socat: a simulator opens one end, the driver
// under test opens the other as if it were a real serial port.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the simulator opens. */
  simPath: string;
  /** The end the driver opens. */
  driverPath: string;
  close(): Promise<void>;
}

export interface PtyPairOptions {
  socat?: string;
  timeoutMs?: number;
  /**
   * Where the links go; the caller owns it and it is not removed on close. A simulator that is
   * unplugged and plugged back in opens its new pair here, so the driver finds the same path.
   */
  dir?: string;
}

export async function openPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  const owned = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'kiosk-pty-')));
  if (!owned) await mkdir(dir, { recursive: true });
  const simPath = join(dir, 'sim');
  const driverPath = join(dir, 'drv');
  const child = spawn(opts.socat ?? 'socat', ['-d', '-d', `pty,raw,echo=0,link=${simPath}`, `pty,raw,echo=0,link=${driverPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (owned) await rm(dir, { recursive: true, force: true });
  };

  try {
    // socat logs "starting data transfer loop" once both links exist; waiting for that line
    // avoids polling the file system for the symlinks.
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`socat did not start within ${opts.timeoutMs ?? 5000} ms: ${log}`)), opts.timeoutMs ?? 5000);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot run socat: ${err.message}`, { cause: err }));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`socat exited with ${code}: ${log}`));
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        log += chunk;
        if (log.includes('starting data transfer loop')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (err) {
    await close();
    throw err;
  }
  child.stderr.resume();
  return { simPath, driverPath, close };
}
