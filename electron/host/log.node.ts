// Structured host logs. Personal and card data must never reach a log line, so known
// sensitive keys are censored wherever they appear, as a safety net behind masking at source.
//
// A file destination is rotated by size (kiosk.log → kiosk.log.1 … .N, the oldest dropped)
// and readable by the kiosk user only: the same under Electron and under `npm start`, and for
// the stand-alone hub. The stream opens asynchronously but accepts lines at once (they wait in
// memory), so a fatal error right after start can still be logged; `closeLogger` waits until
// every line is on disk before the process exits.
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';

import { REDACTED_KEYS } from './log-redaction.js';

export { REDACTED_KEYS };

const redactPaths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export type HostLogger = Logger;

/** Where the kiosk host logs, under its data dir (kioskctl diag reads it from there). */
export const LOG_DIR = 'logs';
export const LOG_FILE = 'kiosk.log';
export const kioskLogFile = (dataDir: string): string => path.join(dataDir, LOG_DIR, LOG_FILE);

export interface LogRotation {
  /** rotating-file-stream size, e.g. '10M', '512K'. */
  size: string;
  /** Rotated files kept besides the live one. */
  files: number;
}

export const DEFAULT_ROTATION: LogRotation = { size: '10M', files: 5 };

const fileStreams = new WeakMap<Logger, RotatingFileStream>();

/**
 * A size-rotated log file, 0600 in a 0700 directory. Files an older version left wider are
 * narrowed: a log is personal data even when masked (ticket numbers, times, kiosk ids).
 */
export function openLogFile(file: string, rotation: LogRotation = DEFAULT_ROTATION): RotatingFileStream {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const base = path.basename(file);
  for (const name of readdirSync(dir)) if (name === base || name.startsWith(`${base}.`)) chmodSync(path.join(dir, name), 0o600);
  const stream = createStream(base, { path: `${dir}${path.sep}`, size: rotation.size, rotate: rotation.files, mode: 0o600 });
  // A full disk must not crash the kiosk through an unhandled 'error'; lines are then lost.
  stream.on('error', (err) => process.stderr.write(`log file ${file}: ${err.message}\n`));
  return stream;
}

/**
 * `dataDir`: log to the kiosk's own file, <dataDir>/logs/kiosk.log (what the Electron shell and
 * `npm start` do); `destination`: a file path or a stream; neither: stdout.
 */
export function createLogger(opts: { level?: string; destination?: string | NodeJS.WritableStream; dataDir?: string; rotation?: LogRotation; base?: Record<string, unknown> } = {}): HostLogger {
  const destination = opts.destination ?? (opts.dataDir ? kioskLogFile(opts.dataDir) : undefined);
  const options = {
    level: opts.level ?? 'info',
    base: opts.base ?? { svc: 'kiosk-host' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (typeof destination === 'string') {
    const stream = openLogFile(destination, opts.rotation);
    const log = pino(options, stream);
    fileStreams.set(log, stream);
    return log;
  }
  return destination ? pino(options, destination) : pino(options);
}

/** Writes out every pending line and closes the file; resolves at once for other destinations. */
export function closeLogger(log: Logger): Promise<void> {
  const stream = fileStreams.get(log);
  if (!stream) return Promise.resolve();
  fileStreams.delete(log);
  return new Promise((resolve) => {
    if (stream.writableFinished || stream.destroyed) return resolve();
    stream.once('finish', () => resolve());
    stream.once('error', () => resolve());
    stream.end();
  });
}

/** The live log and its rotated predecessors, oldest first (for kioskctl diag). */
export function logFiles(file: string): string[] {
  const dir = path.dirname(file);
  if (!existsSync(dir)) return [];
  const base = path.basename(file);
  const rotated = readdirSync(dir)
    .map((name) => ({ name, n: name === base ? 0 : Number(/^\d+$/.exec(name.slice(base.length + 1))?.[0] ?? NaN) }))
    .filter((f) => f.name.startsWith(base) && !Number.isNaN(f.n))
    .sort((a, b) => b.n - a.n);
  return rotated.map((f) => path.join(dir, f.name));
}

export const silentLogger = (): HostLogger => pino({ level: 'silent' });
