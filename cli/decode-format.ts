// The two renderings of a decode outcome: one JSON object on one line (--json), or an aligned
// text form for a person at a terminal.
import type { DecodeKind, DecodeOutcome, Json } from './decode-outcome.js';

export function formatJson(outcome: DecodeOutcome): string {
  const body = outcome.ok ? { ok: true, ...outcome.fields } : outcome.errors ? { ok: false, error: outcome.error, errors: outcome.errors } : { ok: false, error: outcome.error };
  return `${JSON.stringify(body)}\n`;
}

function value(v: Json): string {
  if (v === null) return '(unknown)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map(value).join(', ');
  if (typeof v === 'object') {
    const { code, field, message } = v;
    // An issue ({code, field, message}) reads as one; other objects as key=value pairs.
    if (typeof code === 'string' && typeof field === 'string' && typeof message === 'string') return `${code} (${field}): ${message}`;
    return Object.entries(v).map(([k, x]) => `${k}=${value(x)}`).join(' ');
  }
  return String(v);
}

/** Multi-line fields (a receipt's text) go after the table, as they are. */
const BLOCK_FIELDS = new Set(['text']);

export function formatText(kind: DecodeKind, outcome: DecodeOutcome): string {
  if (!outcome.ok) {
    const issues = outcome.errors ?? [outcome.error];
    const codeWidth = Math.max(...issues.map((i) => i.code.length));
    const fieldWidth = Math.max(...issues.map((i) => i.field.length));
    const head = `${kind}: refused${issues.length > 1 ? `, ${issues.length} checks failed` : ''}`;
    return `${[head, ...issues.map((i) => `  ${i.code.padEnd(codeWidth)}  ${i.field.padEnd(fieldWidth)}  ${i.message}`)].join('\n')}\n`;
  }
  const rows = Object.entries(outcome.fields).filter(([k]) => !BLOCK_FIELDS.has(k));
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  const lines = [`${kind}: valid`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${value(v)}`)];
  for (const key of BLOCK_FIELDS) {
    const block = outcome.fields[key];
    if (typeof block === 'string') lines.push('', block);
  }
  return `${lines.join('\n')}\n`;
}
