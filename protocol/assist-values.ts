// Value schemas shared by the signaling messages (protocol.ts), the in-call data-channel
// messages (call-messages.ts) and the hub's HTTP routes. Imports only zod: the kiosk page
// and the expert console bundle this file.
import { z } from 'zod';

/** WebSocket subprotocol both sides must offer; the hub refuses a socket without it. */
export const ASSIST_PROTOCOL = 'branch-kiosk.assist.v1';
/**
 * Browsers cannot set headers on a WebSocket, so the expert console carries its staff
 * session token as a second subprotocol, `bearer.<token>`; the hub never echoes it back and
 * never logs it (a token in the URL would end up in access logs).
 */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

export const ASSIST_PATHS = {
  socket: '/v1/assist/ws',
  quality: '/v1/assist/sessions/:sessionId/quality',
  staffLogin: '/v1/staff/login',
  staffLogout: '/v1/staff/logout',
  staffMe: '/v1/staff/me',
  staffUsers: '/v1/staff/users',
  /** PATCH {disabled} — admin only. */
  staffUser: '/v1/staff/users/:staffId',
  /** POST {password} — admin only: a new first password and authenticator. */
  staffUserResetSignIn: '/v1/staff/users/:staffId/reset-sign-in',
} as const;

export const ASSIST_LIMITS = {
  /** Larger text frames are refused with MESSAGE_TOO_LARGE; 4× this closes the socket (1009). */
  maxMessageBytes: 32 * 1024,
  /** A simple-peer offer with many candidates stays well under this. */
  maxSignalBytes: 16 * 1024,
  /** The hub pings this often; a socket that misses two pongs is dropped. */
  heartbeatSec: 15,
} as const;

export const languageSchema = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof languageSchema>;

export const topicSchema = z.enum(['accounts', 'cards', 'loans', 'payments', 'other']);
export type Topic = z.infer<typeof topicSchema>;

/** Highest first. `urgent` is set by the kiosk for complaints and stuck cards or cash. */
export const priorityClassSchema = z.enum(['urgent', 'vip', 'elderly', 'standard']);
export type PriorityClass = z.infer<typeof priorityClassSchema>;

/**
 * Tellers work at branch counters (hub/branch-queue) and take no video calls. Operations staff
 * run the fleet (health, alerts, remote commands, software updates) and take neither calls
 * nor tickets.
 */
export const staffRoleSchema = z.enum(['expert', 'supervisor', 'admin', 'teller', 'operations']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const helpFlagsSchema = z
  .object({ vip: z.boolean(), elderly: z.boolean(), urgent: z.boolean().default(false) })
  .strict();
export type HelpFlags = z.infer<typeof helpFlagsSchema>;

/** A step name such as `queue-ticket/choose-service`; no free text, so no personal data. */
export const journeyStepSchema = z.string().regex(/^[a-z0-9][a-z0-9./_-]{0,79}$/);

export const sessionIdSchema = z.uuid();
export const requestIdSchema = z.uuid();
export const staffIdSchema = z.uuid();

function utf8Length(value: string): number {
  return new TextEncoder().encode(value).length;
}

/** Opaque simple-peer signal (SDP offer/answer, ICE candidate, renegotiate), size-limited. */
export const signalDataSchema = z
  .record(z.string(), z.unknown())
  .refine((data) => utf8Length(JSON.stringify(data)) <= ASSIST_LIMITS.maxSignalBytes, {
    message: `signal data must be at most ${ASSIST_LIMITS.maxSignalBytes} bytes of JSON`,
  });

/** RTCIceServer as handed to `new RTCPeerConnection({iceServers})` / simple-peer's `config`. */
export const iceServerSchema = z.object({
  urls: z.array(z.string()).min(1),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

/** Why a call ended. Clients may send the first four; the hub adds the rest. */
export const clientEndReasonSchema = z.enum(['completed', 'customer-ended', 'media-failed', 'idle-timeout']);
export const callEndReasonSchema = z.enum([
  ...clientEndReasonSchema.options,
  'kiosk-lost',
  'expert-lost',
  'transferred',
  'hub-shutdown',
]);
export type CallEndReason = z.infer<typeof callEndReasonSchema>;

export const dispositionOutcomeSchema = z.enum(['resolved', 'follow-up', 'referred-to-branch', 'not-resolved', 'customer-left']);
export type DispositionOutcome = z.infer<typeof dispositionOutcomeSchema>;

export const expertStateSchema = z.enum(['offline', 'away', 'available', 'in-call', 'reconnecting']);
export type ExpertState = z.infer<typeof expertStateSchema>;

export const slaKindSchema = z.enum(['answer', 'resolve']);
export type SlaKind = z.infer<typeof slaKindSchema>;

/**
 * Stable codes for refusals on the socket (`{type:'error', code, message}`). Codes shared
 * with HTTP (`{code, message}`, protocol/hub-api.ts `errorCodeSchema`) are spelled the same.
 * Clients branch and translate on the code, never on the message.
 */
export const assistErrorCodeSchema = z.enum([
  'UNAUTHORIZED', // no valid kiosk/staff credentials (same code as the hub's HTTP errors)
  'FORBIDDEN', // authenticated, but the role may not do this
  'MALFORMED_MESSAGE', // not a JSON object
  'UNKNOWN_MESSAGE_TYPE', // `type` is not one this role may send
  'INVALID_MESSAGE', // known type, fields fail the schema
  'MESSAGE_TOO_LARGE',
  'RATE_LIMITED', // token bucket empty; repeated excess closes the socket (1008)
  'NOT_IN_SESSION', // signal/end/rate for a session this connection is not a party of
  'UNKNOWN_REQUEST', // accept of a request that is not (or no longer) waiting
  'NOT_ELIGIBLE', // expert lacks the language/topic, or the request targets someone else
  'NOT_AVAILABLE', // expert must be available (and not in a call) to accept
  'ALREADY_WAITING', // kiosk sent help.request while one is open
  'NO_OPEN_REQUEST', // help.cancel with nothing to cancel
  'TRANSFER_TARGET_UNAVAILABLE',
  'ALREADY_DECIDED', // a second decision for one authorization request
  'CONFLICT', // as HTTP 409: the call's disposition was recorded already and cannot be rewritten
  'INTERNAL',
]);
export type AssistErrorCode = z.infer<typeof assistErrorCodeSchema>;

export const assistErrorBodySchema = z.object({ code: assistErrorCodeSchema, message: z.string() });
export type AssistErrorBody = z.infer<typeof assistErrorBodySchema>;

/** WebSocket close codes the hub uses (4000–4999 are application-defined). */
export const ASSIST_CLOSE_CODES = {
  /** Policy violation: repeated rate-limit excess or malformed flood. */
  policy: 1008,
  tooLarge: 1009,
  /** The same kiosk or staff member connected again; the newer socket wins. */
  replaced: 4001,
  /** The staff session expired or was logged out. */
  sessionExpired: 4002,
  /** An admin revoked this kiosk's key: its requests are dropped and it cannot reconnect. */
  revoked: 4003,
  /** The hub is shutting down; reconnect with backoff. */
  shutdown: 1001,
} as const;

// ── payloads the hub sends to staff ─────────────────────────────────────────────────────
export const queueEntrySchema = z.object({
  requestId: requestIdSchema,
  kioskId: z.string(),
  language: languageSchema,
  topic: topicSchema,
  priorityClass: priorityClassSchema,
  journeyStep: z.string(),
  waitedSec: z.number().int().nonnegative(),
  /** Set when an expert transferred the customer; only that expert (or a supervisor) may take it. */
  transfer: z.object({ from: z.string(), to: z.union([z.literal('supervisor'), staffIdSchema]), note: z.string().optional() }).optional(),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const expertSummarySchema = z.object({
  staffId: staffIdSchema,
  displayName: z.string(),
  role: staffRoleSchema,
  state: expertStateSchema,
  sessionId: sessionIdSchema.optional(),
  inStateSec: z.number().int().nonnegative(),
});

export const slaBreachSchema = z.object({
  requestId: requestIdSchema,
  kioskId: z.string(),
  ruleId: z.string(),
  kind: slaKindSchema,
  dueAt: z.string(),
  breachedAt: z.string(),
});
export type SlaBreach = z.infer<typeof slaBreachSchema>;
