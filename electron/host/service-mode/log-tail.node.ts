// The technician's log viewer: a page of the host log, newest first, read backwards from a
// byte offset. The log is already redacted by the logger (log.node.ts); this bounds what
// crosses the bridge: one window of the file per request, at most `limit` lines, each cut.
import { open } from 'node:fs/promises';
import type { LogLevelName, LogLine, LogPage } from '../../bridge/service-contract.js';

/** How far back one request reads; a filtered page may come back short, `older` continues. */
export const WINDOW_BYTES = 256 * 1024;
const MSG_MAX = 400;
const DETAIL_MAX = 600;

const levelNumber: Record<LogLevelName, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const levelName = (n: unknown): LogLevelName | null => (Object.entries(levelNumber).find(([, v]) => v === n)?.[0] as LogLevelName | undefined) ?? null;

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** One pino JSON line → a display line; a line that is not JSON is shown as text with no level. */
export function parseLogLine(text: string, offset: number): LogLine {
  try {
    const record = JSON.parse(text) as Record<string, unknown>;
    const { time, level, msg, pid: _pid, hostname: _hostname, ...rest } = record;
    return {
      offset,
      at: typeof time === 'string' ? time : typeof time === 'number' ? new Date(time).toISOString() : null,
      level: levelName(level),
      msg: cut(typeof msg === 'string' ? msg : '', MSG_MAX),
      detail: cut(Object.keys(rest).length > 0 ? JSON.stringify(rest) : '', DETAIL_MAX),
    };
  } catch {
    return { offset, at: null, level: null, msg: cut(text, MSG_MAX), detail: '' };
  }
}

export async function readLogPage(file: string | null, opts: { minLevel: LogLevelName; before: number | null; limit: number }): Promise<LogPage> {
  if (!file) return { lines: [], older: null, file: null };
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], older: null, file };
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const end = Math.min(opts.before ?? size, size);
    const start = Math.max(0, end - WINDOW_BYTES);
    const buffer = Buffer.alloc(end - start);
    await handle.read(buffer, 0, buffer.length, start);
    // Split on raw newline bytes so offsets stay byte offsets whatever the text's encoding.
    const spans: { from: number; to: number }[] = [];
    let lineStart = 0;
    for (let i = 0; i < buffer.length; i++) {
      if (buffer[i] !== 0x0a) continue;
      spans.push({ from: lineStart, to: i });
      lineStart = i + 1;
    }
    if (lineStart < buffer.length) spans.push({ from: lineStart, to: buffer.length }); // a line still being written
    // A window that starts mid-file starts mid-line: that fragment belongs to the next page.
    if (start > 0) spans.shift();
    const min = levelNumber[opts.minLevel];
    const lines: LogLine[] = [];
    let older: number | null = spans.length > 0 || start > 0 ? start + (spans[0]?.from ?? 0) : null;
    for (let i = spans.length - 1; i >= 0 && lines.length < opts.limit; i--) {
      const span = spans[i];
      if (!span || span.to === span.from) continue;
      older = start + span.from;
      const line = parseLogLine(buffer.subarray(span.from, span.to).toString('utf8'), start + span.from);
      if (line.level === null || levelNumber[line.level] >= min) lines.push(line);
    }
    return { lines, older: older !== null && older > 0 ? older : null, file };
  } finally {
    await handle.close();
  }
}
