// In-call application messages. They travel over the WebRTC data channel between the kiosk
// and the expert console, never through the hub, but both UIs validate them against these
// schemas. Imports only zod.
//
// Nothing here may carry unmasked personal data: the data channel is end-to-end, yet an
// expert console can be screenshotted and logged. Values shown to the expert are masked on
// the kiosk (card numbers first 6 / last 4, ID numbers last 4); `maskedText` refuses what
// still looks like a number to catch a slip (see `hasUnmaskedNumber`).
import { z } from 'zod';
import { luhnValid } from './luhn.js';

export const CALL_CHANNEL_LABEL = 'assist';
export const CALL_MESSAGE_VERSION = 1;


// Digit groups joined by the separators people type or paste: spaces (any width once NFKC
// has run), hyphens and dashes, dots.
const GROUPED_DIGITS = /\d+(?:[\s.\-\u2010-\u2015\u2212]{1,2}\d+)+/g;

/** A 13–19 digit run starting at one of the groups that passes the Luhn check. */
function hasGroupedCardNumber(run: string): boolean {
  const groups = run.split(/\D+/);
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    for (let end = start; end < groups.length && digits.length < 19; end++) {
      digits += groups[end];
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
    }
  }
  return false;
}

/**
 * A card or ID number written out: 7 or more digits in a row, or a card number (13–19 digits,
 * Luhn-valid) written in groups — "6222 0202 0011 2233", "6222-0202-…". NFKC first, so
 * full-width digits (６２２２…) and ideographic spaces count as the ASCII ones; other
 * scripts' digits count towards a run too.
 */
export function hasUnmaskedNumber(text: string): boolean {
  const normalized = text.normalize('NFKC');
  if (/\p{Nd}{7,}/u.test(normalized)) return true;
  for (const match of normalized.matchAll(GROUPED_DIGITS)) if (hasGroupedCardNumber(match[0])) return true;
  return false;
}

/**
 * GB 11643 resident ID: 17 digits and a mod 11-2 check character (digit or X). One with a
 * typo in the check character is still someone's ID, so a plausible birth date (characters
 * 7–14, 1900–2099) is enough.
 */
function looksLikeResidentId(id: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/i.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * (id.charCodeAt(i) - 48), 0);
  if ('10X98765432'[sum % 11] === id[17]?.toUpperCase()) return true;
  const [year, month, day] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export type ChatRefusal = 'card-number' | 'id-number' | 'too-long';

/**
 * Why a chat message may not go out, or null. Chat is looser than the other fields: people
 * quote reference, phone and ticket numbers to each other, so only what is really a card
 * number (13–19 digits passing Luhn, in one run or in groups) or a resident ID number (18
 * characters with a valid check character) is refused, and the sender is told which.
 */
export function chatRefusal(text: string): ChatRefusal | null {
  if (text.length > 1000) return 'too-long';
  const normalized = text.normalize('NFKC');
  for (const run of normalized.match(/\p{Nd}+[Xx]?/gu) ?? []) {
    const digits = run.replace(/[Xx]$/, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return 'card-number';
    if (run.length === 18 && looksLikeResidentId(run)) return 'id-number';
  }
  for (const match of normalized.matchAll(GROUPED_DIGITS)) if (hasGroupedCardNumber(match[0])) return 'card-number';
  return null;
}

const chatText = z
  .string()
  .max(1000)
  .refine((value) => chatRefusal(value) === null, { message: 'must not contain a card or resident ID number' });

const maskedText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !hasUnmaskedNumber(value), { message: 'must not contain unmasked numbers (7+ digits, or a card number)' });

const uiTargetSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);

const callMsg = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ v: z.literal(CALL_MESSAGE_VERSION), type: z.literal(type), ...shape }).strict();

/** Either side; shown as a chat bubble. */
export const chatMessageSchema = callMsg('chat', {
  id: z.uuid(),
  from: z.enum(['kiosk', 'expert']),
  text: chatText,
  at: z.iso.datetime(),
});

/**
 * Kiosk → expert: the controls on the customer's screen, so the expert picks one to point at
 * by what it says instead of typing an internal id. Labels are the visible text, masked.
 */
export const screenControlSchema = z.object({ id: uiTargetSchema, label: maskedText(80) }).strict();

/** Kiosk → expert whenever the screen changes: where the customer is, with masked values. */
export const journeyStateSchema = callMsg('journey.state', {
  journeyStep: z.string().max(80),
  stepIndex: z.number().int().nonnegative(),
  stepCount: z.number().int().positive(),
  screen: uiTargetSchema,
  fields: z.record(uiTargetSchema, maskedText(120)),
  controls: z.array(screenControlSchema).max(40).optional(),
});

/** Either side, whenever it changes: the other side shows that this one cannot be heard. */
export const mediaStateSchema = callMsg('media.state', { micMuted: z.boolean() });

/**
 * Kiosk → expert at connect and whenever a device's health changes: which devices the kiosk
 * has and whether they work, so the console offers only the tools that can succeed.
 */
export const kioskDevicesSchema = callMsg('kiosk.devices', {
  devices: z
    .array(
      z
        .object({
          kind: z.enum(['receipt-printer', 'card-reader', 'id-reader', 'barcode-scanner', 'pin-pad', 'card-dispenser']),
          state: z.enum(['offline', 'ready', 'busy', 'attention', 'error']),
        })
        .strict(),
    )
    .max(16),
});

/** Expert → kiosk: outline a UI element (`data-assist-id`) to point the customer at it. */
export const highlightSchema = callMsg('highlight', { target: uiTargetSchema, on: z.boolean() });

/** Expert → kiosk: a read-back form the customer confirms or rejects on screen. */
export const formPushSchema = callMsg('form.push', {
  formId: z.uuid(),
  title: maskedText(120),
  fields: z.array(z.object({ label: maskedText(60), value: maskedText(200) })).max(20),
});
export const formResponseSchema = callMsg('form.response', { formId: z.uuid(), confirmed: z.boolean() });

/** Expert → kiosk: ask the customer to place an ID document on the reader. */
export const idScanRequestSchema = callMsg('id-scan.request', { scanId: z.uuid(), document: z.enum(['id-card', 'passport']) });
/** Kiosk → expert: the outcome, masked; the full record goes from the kiosk to the hub by sync. */
export const idScanResultSchema = callMsg('id-scan.result', {
  scanId: z.uuid(),
  status: z.enum(['ok', 'unreadable', 'declined', 'no-reader']),
  masked: z.object({ name: maskedText(60), idNumber: maskedText(40), expiry: z.string().max(10) }).optional(),
});

/** Kiosk → expert: an action the customer cannot complete without staff approval. */
export const authorizationRequestSchema = callMsg('authorization.request', {
  authRequestId: z.uuid(),
  action: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/),
  summary: maskedText(200),
  amountMinor: z.number().int().nonnegative().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
});
/**
 * Expert → kiosk, for display only. The expert console sends `authorization.decide` to the
 * hub, which records and signs the decision and delivers it to the kiosk over the signaling
 * socket; the kiosk acts on that copy (`authorization.decision` in protocol.ts).
 */
export const authorizationDecisionSchema = callMsg('authorization.decision', {
  authRequestId: z.uuid(),
  decisionId: z.uuid(),
  decision: z.enum(['approve', 'decline']),
});

/** Kiosk → expert at the end; the kiosk also sends `call.rate` to the hub, which records it. */
export const ratingSchema = callMsg('rating', { rating: z.number().int().min(1).max(5) });

export const callMessageSchema = z.discriminatedUnion('type', [
  chatMessageSchema,
  journeyStateSchema,
  highlightSchema,
  formPushSchema,
  formResponseSchema,
  idScanRequestSchema,
  idScanResultSchema,
  authorizationRequestSchema,
  authorizationDecisionSchema,
  ratingSchema,
  mediaStateSchema,
  kioskDevicesSchema,
]);
export type CallMessage = z.infer<typeof callMessageSchema>;
export type CallMessageType = CallMessage['type'];

/** Which side may send which message; a receiver drops the rest. */
export const CALL_MESSAGE_SENDERS: Record<CallMessageType, 'kiosk' | 'expert' | 'either'> = {
  chat: 'either',
  'journey.state': 'kiosk',
  highlight: 'expert',
  'form.push': 'expert',
  'form.response': 'kiosk',
  'id-scan.request': 'expert',
  'id-scan.result': 'kiosk',
  'authorization.request': 'kiosk',
  'authorization.decision': 'expert',
  rating: 'kiosk',
  'media.state': 'either',
  'kiosk.devices': 'kiosk',
};

/** Parses a data-channel frame received by `receiver`; null when invalid or not allowed. */
export function parseCallMessage(raw: string, receiver: 'kiosk' | 'expert'): CallMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = callMessageSchema.safeParse(value);
  if (!parsed.success) return null;
  const sender = CALL_MESSAGE_SENDERS[parsed.data.type];
  return sender === 'either' || sender !== receiver ? parsed.data : null;
}
