// `kioskctl diag [--out FILE]`: one tar.gz a technician can send to second-line support.
//   versions.json      kioskctl, host, Node, OS
//   status.json        hub link, outbox backlog, dead letters (id/type/code/reason), devices
//   config.json        the running host's effective config, secrets redacted
//   config-file.json   the config file as written, secrets redacted
//   device-health.json health changes since the host started
//   outbox.json        row counts by state and type (never payloads)
//   system.json        disk, memory, uptime, load, CPUs, OS
//   logs/*             kiosk and hub logs (rotated ones too), personal data and secrets removed
//   manifest.json      what is in it and what could not be collected, and why
// Works without a running host too (a host that crash-loops is when this is needed most):
// what only the host knows is then marked missing and the outbox is counted from disk.
// Progress goes to stderr, the archive's path to stdout.
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import sqlite3 from 'sqlite3';
import { create as createTar } from 'tar';
import { diagResultSchema, type DiagResult } from '../electron/host/admin-protocol.js';
import type { ConfigSources } from '../electron/host/config-sources.js';
import { outboxCounts, redactConfig } from '../electron/host/host-diagnostics.node.js';
import { STORE_FILE } from '../electron/host/local-store.node.js';
import { LOG_DIR } from '../electron/host/log.node.js';
import { HOST_VERSION } from '../electron/host/version.js';
import { AdminClient, AdminError } from './admin-client.node.js';
import { scrubLogLine } from './diag-scrub.js';
import type { CliIo } from './io.js';
import { systemFacts } from './system-facts.node.js';

/** Newest log bytes kept per archive: enough for days of a quiet kiosk, small enough to mail. */
const LOG_BUDGET_BYTES = 20 * 1024 * 1024;

export interface DiagOptions {
  dataDir: string;
  out?: string | undefined;
  sources: ConfigSources;
  io: CliIo;
  now?: () => Date;
}

const kb = (n: number) => `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;

async function askHost(dataDir: string): Promise<DiagResult | { missing: string }> {
  let client: AdminClient;
  try {
    client = await AdminClient.connect(dataDir);
  } catch (err) {
    return { missing: err instanceof AdminError ? err.message : (err as Error).message };
  }
  try {
    return diagResultSchema.parse(await client.request({ cmd: 'diag' }));
  } catch (err) {
    return { missing: `the host did not answer diag: ${(err as Error).message}` };
  } finally {
    client.close();
  }
}

/** Outbox counts straight from kiosk.sqlite, read-only, when no host is running to ask. */
async function outboxFromDisk(dataDir: string): Promise<unknown> {
  const file = path.join(dataDir, STORE_FILE);
  if (!existsSync(file)) return { missing: `${file} does not exist` };
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const handle = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(handle)));
  });
  const all = <T>(sql: string, params: readonly unknown[] = []) => new Promise<T[]>((resolve, reject) => db.all(sql, [...params], (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  try {
    const counts = await outboxCounts({ all });
    const deadLetters = await all(`SELECT id, seq, type, created_at AS createdAt, reject_code AS code, reject_reason AS reason FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT 20`);
    return { source: 'kiosk.sqlite (host not running)', ...counts, recentDeadLetters: deadLetters };
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/** The log files of a log dir, newest first: kiosk.log, kiosk.log.1, …, hub.log, … */
function logFilesOf(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const order = (name: string) => Number(/\.(\d+)$/.exec(name)?.[1] ?? 0);
  return readdirSync(dir)
    .filter((n) => /^(kiosk|hub)\.log(\.\d+)?$/.test(n))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((n) => path.join(dir, n));
}

/** Copies the newest lines of `file` within `budget` bytes, scrubbed; returns the bytes read. */
async function copyScrubbed(file: string, target: string, budget: number): Promise<number> {
  const size = statSync(file).size;
  const start = Math.max(0, size - budget);
  const out = createWriteStream(target, { mode: 0o600 });
  const lines = createInterface({ input: createReadStream(file, { start }), crlfDelay: Infinity });
  let first = start > 0;
  for await (const line of lines) {
    // Reading from the middle of a file starts mid-line: that partial line is dropped.
    if (first) {
      first = false;
      continue;
    }
    if (!out.write(`${scrubLogLine(line)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return size - start;
}

export async function runDiag(opts: DiagOptions): Promise<number> {
  const { io, dataDir } = opts;
  const now = (opts.now ?? (() => new Date()))();
  const progress = (s: string) => io.stderr(`diag: ${s}\n`);
  const staging = mkdtempSync(path.join(os.tmpdir(), 'kiosk-diag-'));
  const notes: string[] = [];
  const put = (name: string, value: unknown) => writeFileSync(path.join(staging, name), `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  try {
    progress(`asking the kiosk host (data dir ${dataDir})…`);
    const host = await askHost(dataDir);
    const running = !('missing' in host);
    if (running) {
      progress(`host ${host.status.kioskId} ${host.status.version}: ${host.status.outbox.backlog} waiting, ${host.status.outbox.deadLetters} dead letters, ${host.status.devices.length} devices`);
      put('status.json', host.status);
      put('config.json', host.config);
      put('device-health.json', host.deviceHealthHistory);
      put('outbox.json', host.outboxStats);
    } else {
      notes.push(`no live status, effective config or device health history: ${host.missing}`);
      progress(`host not reachable (${host.missing}); collecting from disk only`);
      put('outbox.json', await outboxFromDisk(dataDir).catch((err: unknown) => ({ missing: (err as Error).message })));
    }

    progress('versions and system facts…');
    put('versions.json', { kioskctl: HOST_VERSION, host: running ? host.status.version : null, node: process.versions.node, v8: process.versions.v8, os: `${os.type()} ${os.release()} ${os.arch()}` });
    put('system.json', systemFacts(existsSync(dataDir) ? dataDir : '/'));
    if (opts.sources.file) put('config-file.json', { file: opts.sources.file, content: redactConfig(opts.sources.fromFile) });
    else notes.push('no config file (BRANCH_KIOSK_CONFIG unset): built-in defaults and environment');

    const logDir = running ? host.logDir : path.join(dataDir, LOG_DIR);
    const files = logFilesOf(logDir);
    let budget = LOG_BUDGET_BYTES;
    const copied: string[] = [];
    if (files.length === 0) notes.push(`no log files in ${logDir}`);
    else {
      const logsOut = path.join(staging, 'logs');
      mkdirSync(logsOut, { mode: 0o700 });
      for (const file of files) {
        if (budget <= 0) {
          notes.push(`older logs left out (over ${kb(LOG_BUDGET_BYTES)}): ${path.basename(file)}`);
          continue;
        }
        try {
          const read = await copyScrubbed(file, path.join(logsOut, path.basename(file)), budget);
          budget -= read;
          copied.push(path.basename(file));
          progress(`log ${path.basename(file)}: ${kb(read)} read, personal data removed`);
        } catch (err) {
          notes.push(`${file}: ${(err as Error).message}`);
          progress(`log ${path.basename(file)}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}) — run kioskctl as the kiosk user or root`);
        }
      }
    }

    put('manifest.json', { createdAt: now.toISOString(), dataDir, hostRunning: running, logs: copied, notes });
    const kioskId = running ? host.status.kioskId : (typeof opts.sources.fromFile.kioskId === 'string' ? opts.sources.fromFile.kioskId : 'kiosk');
    const out = path.resolve(opts.out ?? `kiosk-diag-${kioskId}-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`);
    progress(`writing ${out}…`);
    const entries = readdirSync(staging).sort();
    const archive = createWriteStream(out, { mode: 0o600 });
    createTar({ gzip: true, cwd: staging, portable: true }, entries).pipe(archive);
    await once(archive, 'close');
    progress(`done: ${kb(statSync(out).size)}${notes.length ? ` (${notes.length} note${notes.length === 1 ? '' : 's'} in manifest.json)` : ''}`);
    io.stdout(`${out}\n`);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
