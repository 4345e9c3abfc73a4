// A private pcscd for tests and the dev panel, with vsmartcard's vpcd as its only reader.
//
// pcscd 1.9.9 has its socket path compiled in (/run/pcscd/pcscd.comm) and ignores
// PCSCLITE_CSOCK_NAME (only the client library reads it), so a second pcscd would clash with
// the system one. It is therefore started in its own mount namespace (`unshare -m`, needs root
// or CAP_SYS_ADMIN) with a temporary directory bound over /run: its socket and pid file land in
// that directory, and clients reach it by setting PCSCLITE_CSOCK_NAME to the socket there.
// Its reader list comes from a private reader.conf.d (-c) naming vpcd on a free port; vpcd
// opens two slots, "<name> 00 00" on that port and "<name> 00 01" on the next one.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

export interface PcscdSandbox {
  /** Set PCSCLITE_CSOCK_NAME to this in the client process before its first PC/SC call. */
  readonly socketPath: string;
  /** TCP port of vpcd's first slot (the virtual card connects here). */
  readonly vpcdPort: number;
  /** Name of the first slot as PC/SC reports it. */
  readonly readerName: string;
  /** pcscd's own log so far (info level), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface PcscdSandboxOptions {
  friendlyName?: string;
  timeoutMs?: number;
}

/** A port free on loopback with its successor free too (vpcd's second slot). */
async function freePortPair(): Promise<number> {
  const tryListen = (port: number): Promise<number | undefined> =>
    new Promise((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : undefined));
      });
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await tryListen(0);
    if (port && port < 65535 && (await tryListen(port + 1))) return port;
  }
  throw new Error('no free pair of TCP ports for vpcd');
}

/** "daemon ready" can be logged a moment before the socket accepts: wait for a connection. */
async function waitForSocket(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ path }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`pcscd socket ${path} does not accept connections`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startPcscdSandbox(opts: PcscdSandboxOptions = {}): Promise<PcscdSandbox> {
  await access(VPCD_DRIVER).catch(() => {
    throw new Error(`vpcd driver missing at ${VPCD_DRIVER}: apt-get install pcscd vsmartcard-vpcd`);
  });
  const name = opts.friendlyName ?? 'Kiosk Virtual PCD';
  const port = await freePortPair();
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-pcscd-'));
  const conf = join(dir, 'reader.conf.d');
  const run = join(dir, 'run');
  await mkdir(conf);
  await mkdir(run);
  const hex = `0x${port.toString(16).toUpperCase()}`;
  await writeFile(join(conf, 'vpcd'), `FRIENDLYNAME "${name}"\nDEVICENAME   /dev/null:${hex}\nLIBPATH      ${VPCD_DRIVER}\nCHANNELID    ${hex}\n`);

  const socketPath = join(run, 'pcscd', 'pcscd.comm');
  let log = '';
  // unshare execs sh, which execs pcscd: the child's pid is pcscd's, so SIGTERM reaches it.
  const child: ChildProcess = spawn('unshare', ['-m', '--', 'sh', '-c', 'mount --bind "$1" /run && exec pcscd -f -i -c "$2"', 'sh', run, conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test process that dies without stop() must not leave its pcscd behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timeoutMs = opts.timeoutMs ?? 5000;
      const timer = setTimeout(() => reject(new Error(`pcscd not ready within ${timeoutMs} ms: ${log}`)), timeoutMs);
      const onLog = (chunk: Buffer): void => {
        log += chunk.toString('utf8');
        if (log.includes('daemon ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onLog);
      child.stderr?.on('data', onLog);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot run unshare/pcscd: ${err.message}`, { cause: err }));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`pcscd sandbox exited with ${code} (needs root or CAP_SYS_ADMIN for unshare -m): ${log}`));
      });
    });
    await waitForSocket(socketPath, opts.timeoutMs ?? 5000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { socketPath, vpcdPort: port, readerName: `${name} 00 00`, log: () => log, stop };
}
