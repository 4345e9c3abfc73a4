// The diagnostics bundle a remote command uploads: what `kioskctl diag` gathers (versions,
// redacted config, device history, outbox counts — never contents) plus the newest lines of
// the host log, which the logger already redacts. On top, every string is scrubbed once more
// of anything that looks like a card number (Luhn-valid 13–19 digits) or a secret-named field,
// and the bundle is cut to FLEET_COMMANDS.maxDiagnosticsBytes, oldest log lines first.
import { open } from 'node:fs/promises';
import { FLEET_COMMANDS, type DiagnosticsBundle } from '../../../../protocol/fleet-commands.js';
import { luhnValid } from '../../../../protocol/luhn.js';
import { redactConfig } from '../../host-diagnostics.node.js';

const MAX_LOG_LINES = 400;
const TAIL_BYTES = 512 * 1024;
const DIGIT_RUN = /\d(?:[ -]?\d){12,18}/g;

/** Masks card-number-like digit runs to first 6 / last 4 (PCI DSS display rule). */
export function maskCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return run;
    return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
  });
}

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return maskCardNumbers(value);
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
  return value;
}

/** The last lines of the log file (null or unreadable: none). */
export async function tailLines(file: string | null, maxLines = MAX_LOG_LINES): Promise<string[]> {
  if (!file) return [];
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n').filter((line) => line.trim() !== '');
    // A window that starts mid-line loses that first partial line.
    return (start > 0 ? lines.slice(1) : lines).slice(-maxLines);
  } catch {
    return [];
  } finally {
    await handle?.close();
  }
}

export function buildBundle(facts: Record<string, unknown>, logLines: readonly string[], collectedAt: Date, maxBytes: number = FLEET_COMMANDS.maxDiagnosticsBytes): DiagnosticsBundle {
  const cleanFacts = scrub(redactConfig(facts)) as Record<string, unknown>;
  let lines = logLines.map((line) => maskCardNumbers(line).slice(0, 2_000));
  let truncated = false;
  const size = () => Buffer.byteLength(JSON.stringify({ collectedAt, facts: cleanFacts, logLines: lines, truncated: true }));
  // The oldest quarter goes each pass: a few passes even for a log far over the limit.
  while (lines.length > 0 && size() > maxBytes) {
    truncated = true;
    lines = lines.slice(Math.max(1, Math.floor(lines.length / 4)));
  }
  if (size() > maxBytes) return { collectedAt: collectedAt.toISOString(), facts: { note: 'facts too large for the bundle' }, logLines: [], truncated: true };
  return { collectedAt: collectedAt.toISOString(), facts: cleanFacts, logLines: lines, truncated };
}
