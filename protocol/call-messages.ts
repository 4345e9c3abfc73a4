// In-call application messages. They travel over the WebRTC data channel between the kiosk
// and the expert console, never through the hub, but both UIs validate them against these
// schemas. Imports only zod (and the pure number guards).
//
// Nothing here may carry unmasked personal data: the data channel is end-to-end, yet an
// expert console can be screenshotted and logged. Values shown to the expert are masked on
// the kiosk (card numbers first 6 / last 4, ID numbers last 4); `maskedText` refuses what
// still looks like a number to catch a slip (see `hasUnmaskedNumber`).
import { z } from 'zod';
import { chatRefusal, hasUnmaskedNumber } from './number-guards.js';

export { chatRefusal, hasUnmaskedNumber, type ChatRefusal } from './number-guards.js';

export const CALL_CHANNEL_LABEL = 'assist';
export const CALL_MESSAGE_VERSION = 1;

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
