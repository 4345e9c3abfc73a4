// kioskctl decode <mrz|track|cnid|aamva|escpos> [FILE|-] [--json] [--now YYYY-MM-DD]
// Runs the real codec on a captured input (a file, or stdin for '-' or no file) and prints one
// result: with --json exactly one JSON object on one line, {"ok":true,...} or {"ok":false,
// "error":{code,field,message}}; otherwise an aligned text form. Exit 0 valid, 1 invalid,
// 2 when the command itself was wrong (usage, unreadable input).
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { luhnValid } from '../drivers/card/codec/luhn.js';
import { decodeTrackText } from './decode-card.js';
import { decodeEscpos } from './decode-escpos.node.js';
import { formatJson, formatText } from './decode-format.js';
import { decodeAamvaText, decodeCnid, decodeMrzText } from './decode-id.js';
import { DECODE_KINDS, decodeOutcomeSchema, refused, type DecodeKind, type DecodeOutcome } from './decode-outcome.js';

export interface DecodeIo {
  stdin: NodeJS.ReadableStream;
  /** Each call passes whole lines ending in '\n': write them as they are. */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const DECODE_USAGE = `usage: kioskctl decode <${DECODE_KINDS.join('|')}> [FILE|-] [--json] [--now YYYY-MM-DD]
  mrz     MRZ lines of a passport or ID card (TD1, TD2, TD3), one per line
  track   magnetic stripe track 1 and/or 2, one per line (or a swipe as the reader sends it)
  cnid    China resident ID: an 18-character ID number, reader response frames (binary or
          hex dump), the 256-byte text block or the read-base-info data
  aamva   the raw PDF417 text of a driver's licence or ID card
  escpos  an ESC/POS byte stream, rendered as the printer simulator prints it
  FILE    input file; '-' or none reads stdin
  --json  print one JSON object instead of text
  --now   the date to judge dates against (century of two-digit years, future birth dates)
`;

/** Far above any document or receipt; refuses a wrong file (an image, a log) before reading it whole. */
export const MAX_INPUT_BYTES = 1 << 20;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a real date');
const argsSchema = z.object({
  kind: z.enum(DECODE_KINDS, { error: `the kind must be one of ${DECODE_KINDS.join(', ')}` }),
  file: z.string().min(1).optional(),
  extra: z.array(z.string()).max(0, 'only one input file is read'),
  now: isoDay.optional(),
  json: z.boolean(),
});

type Usage = { code: string; field: string; message: string };

export async function runDecode(argv: string[], io: DecodeIo): Promise<number> {
  const json = argv.includes('--json');
  const usageError = (e: Usage): number => {
    if (json) io.stdout(formatJson(refused(e)));
    // The usage text helps with a wrong command line, not with a file that cannot be read.
    io.stderr(`kioskctl decode: ${e.message}\n${e.code === 'USAGE' ? DECODE_USAGE : ''}`);
    return 2;
  };

  let values: { json?: boolean; now?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    return usageError({ code: 'USAGE', field: 'options', message: err instanceof Error ? err.message : String(err) });
  }
  if (values.help) {
    io.stdout(DECODE_USAGE);
    return 0;
  }
  const [kind, file, ...extra] = positionals;
  const args = argsSchema.safeParse({ kind, file, extra, now: values.now, json: values.json ?? false });
  if (!args.success) {
    const issue = args.error.issues[0];
    const field = String(issue?.path[0] ?? 'arguments');
    return usageError({ code: 'USAGE', field: field === 'extra' ? 'file' : field, message: kind === undefined ? 'which kind of input?' : (issue?.message ?? 'bad arguments') });
  }

  const input = await readInput(args.data.file, io.stdin);
  if (!input.ok) return usageError(input.error);
  const now = args.data.now ? new Date(`${args.data.now}T00:00:00Z`) : new Date();
  const outcome = checked(args.data.kind, decode(args.data.kind, input.bytes, now));
  io.stdout(args.data.json ? formatJson(outcome) : formatText(args.data.kind, outcome));
  return outcome.ok ? 0 : 1;
}

function decode(kind: DecodeKind, bytes: Uint8Array, now: Date): DecodeOutcome {
  switch (kind) {
    case 'mrz':
      return decodeMrzText(bytes, now);
    case 'track':
      return decodeTrackText(bytes);
    case 'cnid':
      return decodeCnid(bytes, now);
    case 'aamva':
      return decodeAamvaText(bytes);
    case 'escpos':
      return decodeEscpos(bytes);
  }
}

const PAN_RUN = /(?<!\d)\d{13,19}(?!\d)/g;

/**
 * The shape is checked against the schema, and a track or receipt result once more for
 * anything that looks like a full PAN (13-19 digits passing Luhn): the decoders make this
 * impossible, and if they ever do not, nothing is printed but the refusal. (ID documents are
 * not checked: an 18-digit China ID number may pass Luhn by chance.)
 */
function checked(kind: DecodeKind, outcome: DecodeOutcome): DecodeOutcome {
  const shape = decodeOutcomeSchema.safeParse(outcome);
  if (!shape.success) return refused({ code: 'INTERNAL', field: 'output', message: 'the decoder produced a result of the wrong shape' });
  if ((kind === 'track' || kind === 'escpos') && [...JSON.stringify(outcome).matchAll(PAN_RUN)].some((m) => luhnValid(m[0]))) {
    return refused({ code: 'INTERNAL', field: 'output', message: 'the result would have shown a full card number; nothing printed' });
  }
  return shape.data;
}

type Input = { ok: true; bytes: Uint8Array } | { ok: false; error: Usage };

async function readInput(file: string | undefined, stdin: NodeJS.ReadableStream): Promise<Input> {
  const fromStdin = file === undefined || file === '-';
  try {
    return await readCapped(fromStdin ? stdin : createReadStream(file), fromStdin ? 'stdin' : file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: { code: 'INPUT', field: 'file', message: `cannot read ${fromStdin ? 'stdin' : file}${code ? ` (${code})` : ''}` } };
  }
}

async function readCapped(stream: NodeJS.ReadableStream, name: string): Promise<Input> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    total += bytes.length;
    if (total > MAX_INPUT_BYTES) return { ok: false, error: { code: 'INPUT_TOO_LARGE', field: 'file', message: `${name} holds more than ${MAX_INPUT_BYTES} bytes` } };
    chunks.push(bytes);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes: out };
}
