// The one way the hub reads what a client sent (HTTP bodies, queries, params, signaling
// frames): the schema, then no string PostgreSQL cannot store, and refusals that cannot be
// used to make the hub echo the request back. Pure (zod only): the kiosk may share it.
//  - NUL characters and unpaired surrogates are valid JSON but PostgreSQL refuses them; caught
//    here, they are a 400 naming the field instead of a failed query and a 500.
//  - Issue texts name paths and rules, never values; unknown keys are counted with the first
//    few named (cut short), and the whole message is bounded, so a body with 10,000 invented
//    keys gets a short answer and a short log line.
import type { z } from 'zod';
import { unstorablePath } from '../../protocol/storable-values.js';

export type ParsedInput<T> = { ok: true; data: T } | { ok: false; message: string };

const MAX_ISSUES = 5;
const MAX_NAMED_KEYS = 3;
const MAX_SEGMENT = 40;
const MAX_MESSAGE = 600;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

function pathText(path: readonly PropertyKey[], root: string): string {
  return path.length > 0 ? path.map((segment) => cut(String(segment), MAX_SEGMENT)).join('.') : root;
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const named = issue.keys.slice(0, MAX_NAMED_KEYS).map((key) => JSON.stringify(cut(key, MAX_SEGMENT)));
    const more = issue.keys.length > MAX_NAMED_KEYS ? ', …' : '';
    return `${issue.keys.length} unknown field${issue.keys.length === 1 ? '' : 's'} (${named.join(', ')}${more})`;
  }
  return cut(issue.message, 200);
}

/** `items.3.seq: Invalid input…; type: …` — at most a few issues, paths cut short, bounded. */
export function describeIssues(error: z.ZodError, root = '(body)'): string {
  const shown = error.issues.slice(0, MAX_ISSUES).map((issue) => `${pathText(issue.path, root)}: ${issueText(issue)}`);
  const hidden = error.issues.length - shown.length;
  return cut(`${shown.join('; ')}${hidden > 0 ? `; and ${hidden} more` : ''}`, MAX_MESSAGE);
}

/** Parses `value` with `schema` and refuses any string (or key) of the result PostgreSQL cannot store. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = '(body)'): ParsedInput<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error, root) };
  const bad = unstorablePath(parsed.data);
  if (bad) return { ok: false, message: `${pathText(bad, root)}: must not contain NUL characters or unpaired surrogates` };
  return { ok: true, data: parsed.data };
}
