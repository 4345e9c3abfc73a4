// The stand-alone hub's log: stdout (for journald) unless HUB_LOG_FILE names a file, which is
// then rotated by size (file → file.1 … file.N, the oldest dropped) and readable by the hub's
// user only — refused enrollments and logins would otherwise grow it without bound.
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';

export interface HubLogOptions {
  level: string;
  file?: string | undefined;
  /** rotating-file-stream size, e.g. '10M'. */
  maxSize: string;
  files: number;
}

export function createHubLogger(opts: HubLogOptions): { logger: Logger; close(): Promise<void> } {
  if (!opts.file) return { logger: pino({ level: opts.level }), close: () => Promise.resolve() };
  const dir = path.dirname(path.resolve(opts.file));
  const base = path.basename(opts.file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(dir)) if (name === base || name.startsWith(`${base}.`)) chmodSync(path.join(dir, name), 0o600);
  const stream = createStream(base, { path: `${dir}${path.sep}`, size: opts.maxSize, rotate: opts.files, mode: 0o600 });
  stream.on('error', (err) => process.stderr.write(`hub log ${opts.file}: ${err.message}\n`));
  return {
    logger: pino({ level: opts.level }, stream),
    close: () =>
      new Promise((resolve) => {
        stream.once('finish', () => resolve());
        stream.once('error', () => resolve());
        stream.end();
      }),
  };
}
