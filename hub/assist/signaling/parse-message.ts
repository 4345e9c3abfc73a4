// Every inbound frame passes here before the service sees it: size, JSON, a `type` this role
// may send, then the schema. Refusals name field paths and rules, never echo values.
import type { z } from 'zod';
import { parseInput } from '../../api/parse-input.js';
import { ASSIST_LIMITS, expertMessageSchema, kioskMessageSchema, type AssistErrorCode, type ExpertMessage, type KioskMessage } from '../../../protocol/assist-signaling.js';

export type Parsed<M> = { ok: true; message: M } | { ok: false; code: AssistErrorCode; message: string; about?: string };

const typesOf = (schema: { options: readonly { shape: { type: { value: string } } }[] }) =>
  new Set(schema.options.map((option) => option.shape.type.value));

const KIOSK_TYPES = typesOf(kioskMessageSchema);
const EXPERT_TYPES = typesOf(expertMessageSchema);

function parseWith<M>(raw: string, types: Set<string>, schema: z.ZodType<M>, role: string): Parsed<M> {
  if (raw.length > ASSIST_LIMITS.maxMessageBytes) {
    return { ok: false, code: 'MESSAGE_TOO_LARGE', message: `messages are limited to ${ASSIST_LIMITS.maxMessageBytes} bytes` };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'MALFORMED_MESSAGE', message: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('type' in value) || typeof value.type !== 'string') {
    return { ok: false, code: 'MALFORMED_MESSAGE', message: 'expected a JSON object with a string "type"' };
  }
  const type = value.type.slice(0, 40);
  if (!types.has(type)) return { ok: false, code: 'UNKNOWN_MESSAGE_TYPE', message: `a ${role} cannot send this type`, about: type };
  const parsed = parseInput(schema, value, '(message)');
  if (!parsed.ok) return { ok: false, code: 'INVALID_MESSAGE', message: parsed.message, about: type };
  return { ok: true, message: parsed.data };
}

export function parseKioskMessage(raw: string): Parsed<KioskMessage> {
  return parseWith(raw, KIOSK_TYPES, kioskMessageSchema, 'kiosk');
}

export function parseExpertMessage(raw: string): Parsed<ExpertMessage> {
  return parseWith(raw, EXPERT_TYPES, expertMessageSchema, 'staff member');
}
