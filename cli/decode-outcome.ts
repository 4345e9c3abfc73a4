// What `kioskctl decode` prints: one object, {"ok":true, ...fields} or {"ok":false,"error":
// {code, field, message}} (plus "errors", every failed check, where the codec names them all).
// The schema is checked before anything is printed, so a decoder cannot emit another shape.
import { z } from 'zod';

export const DECODE_KINDS = ['mrz', 'track', 'cnid', 'aamva', 'escpos'] as const;
export type DecodeKind = (typeof DECODE_KINDS)[number];

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const json: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));

export const decodeIssueSchema = z.strictObject({ code: z.string().min(1), field: z.string().min(1), message: z.string().min(1) });
export type DecodeIssue = z.infer<typeof decodeIssueSchema>;

// camelCase keys only: the output is read by scripts as much as by people.
const camelKey = z.string().regex(/^[a-z][a-zA-Z0-9]*$/);

export const decodeOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), fields: z.record(camelKey, json) }),
  z.object({ ok: z.literal(false), error: decodeIssueSchema, errors: z.array(decodeIssueSchema).min(1).optional() }),
]);
export type DecodeOutcome = z.infer<typeof decodeOutcomeSchema>;

export const decoded = (fields: Record<string, Json>): DecodeOutcome => ({ ok: true, fields });

export function refused(first: DecodeIssue, all?: readonly DecodeIssue[]): DecodeOutcome {
  const error = { code: first.code, field: first.field, message: first.message };
  return all && all.length > 0 ? { ok: false, error, errors: all.map((e) => ({ code: e.code, field: e.field, message: e.message })) } : { ok: false, error };
}

/** Drops undefined values (JSON has none) so optional fields are simply absent. */
export function defined(fields: Record<string, Json | undefined>): Record<string, Json> {
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, Json] => e[1] !== undefined));
}

/** One byte per character (ISO 8859-1), as the MRZ and AAMVA texts count positions. */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}
