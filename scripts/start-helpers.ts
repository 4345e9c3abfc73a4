import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { DeviceConfigInput } from '../electron/host/devices/device-config.js';
import { MIN_TOKEN_LENGTH } from '../hub/auth/tokens.node.js';

/** A problem with how `npm start` was asked to run: printed as one line, exit code 1. */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

/** The embedded hub's tokens guard real data: the same floor as the stand-alone hub's. */
export function checkTokens(env: NodeJS.ProcessEnv): void {
  for (const name of ['HUB_STAFF_TOKEN', 'HUB_ADMIN_TOKEN'] as const) {
    const value = env[name];
    if (value && value.length < MIN_TOKEN_LENGTH) {
      throw new StartError(`${name} is ${value.length} characters; it must be at least ${MIN_TOKEN_LENGTH} (e.g. openssl rand -base64 32), or unset for a per-launch token`);
    }
  }
}

/** Writes a secret readable by its owner only, also when the file already existed wider. */
export function writePrivateFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'w', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  chmodSync(file, 0o600);
}

/** The port asked for if it is free, else any free loopback port. */
export function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => {
        const { port: got } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(got));
      });
    });
  return tryListen(preferred).then((p) => p ?? tryListen(0).then((q) => q ?? 0));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuilds the page (and the Electron bundles) only when their sources changed. */
export async function ensureBuilt(root: string): Promise<void> {
  const index = path.join(root, 'dist/renderer/index.html');
  const sources = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'electron/bridge')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('  building the kiosk page…');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** Path of the Electron binary when it was downloaded at install time. */
export function electronBinary(root: string): string | null {
  const dir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) && existsSync(path.join(root, 'dist/electron/main.cjs')) ? bin : null;
}

/**
 * The devices `npm start` simulates when the config names none: the receipt printer (TCP,
 * needs nothing) and, where socat can make the serial PTY pairs, the card reader, PIN pad and
 * barcode scanner that bill payment needs, the China ID reader (statements by ID card, priority
 * by age, account opening), the passport MRZ reader (account opening for a foreigner) and the
 * card dispenser (card replacement, a first debit card). `missing` says what was left out and why.
 */
export function demoDevices(hasSocat: boolean): { devices: DeviceConfigInput[]; missing: string | null } {
  const printer: DeviceConfigInput = { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'simulated' } };
  if (!hasSocat) return { devices: [printer], missing: 'card reader, PIN pad, scanner, ID and passport reader and card dispenser simulators need socat (apt-get install socat); bill payment, account opening and card replacement stay unavailable' };
  return {
    devices: [
      printer,
      { role: 'card', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'simulated' } },
      { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', transport: { type: 'simulated' } },
      { role: 'scanner', kind: 'barcode-scanner', driver: 'barcode-serial', transport: { type: 'simulated' } },
      { role: 'idcard', kind: 'id-reader', driver: 'cn-id', transport: { type: 'simulated' } },
      { role: 'passport', kind: 'id-reader', driver: 'mrz', transport: { type: 'simulated' } },
      { role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', transport: { type: 'simulated' } },
    ],
    missing: null,
  };
}

export function hasCommand(command: string): boolean {
  return spawnSync(command, ['-V'], { stdio: 'ignore' }).error === undefined;
}
