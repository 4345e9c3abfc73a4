// Remote video assistance: the signaling protocol between kiosks, experts and the hub.
// Imports only zod (and pure siblings) so the kiosk page and the expert console can import it.
//
// CONNECTING — one WebSocket per party at ASSIST_PATHS.socket (`/v1/assist/ws`), offering the
// subprotocol ASSIST_PROTOCOL:
//   kiosk   the kiosk host (Node) signs the GET upgrade request like any kiosk HTTP request
//           (hub/auth; checked by a KioskAuthenticator); with HUB_AUTH=off the hub trusts
//           `?kioskId=K01` instead — development only. A refused upgrade is HTTP 401.
//   expert  logs in with POST /v1/staff/login {username, password, totp} → {token}, then
//           `new WebSocket(url, [ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX + token])`.
//           (Browsers cannot set headers on a WebSocket; the token is never echoed back.)
//           Roles: expert; supervisor and admin also get the supervisor feed. A session that
//           expires or is logged out closes the socket with 4002.
// The hub answers `hello` first. Every frame is one JSON object with a `type`; anything else
// is answered `{type:'error', code, message, about}` (codes: assist-values.ts) and dropped.
//
// A CALL, step by step:
//   kiosk  → help.request          hub → kiosk  queue.position (again whenever it changes)
//                                  hub → experts queue.snapshot (requests each one may take)
//   expert → accept {requestId?}   (omitted: the best request for this expert, by priority)
//                                  hub → kiosk  call.assigned {sessionId, expert, iceServers}
//                                  hub → expert call.started  {sessionId, kiosk…, iceServers}
//   The expert is the simple-peer initiator (`initiator: true` in call.started): its offer,
//   the kiosk's answer and trickled ICE travel as `signal {sessionId, data}`, relayed only
//   between the two parties of that session. Chat, journey state, highlights, forms, ID
//   scans, authorizations and ratings then go over the WebRTC data channel (call-messages.ts).
//   Either side → call.end {sessionId, reason}; the expert then sends `disposition`, the kiosk
//   may send `call.rate`.
//
// RECONNECTING — a dropped socket is not a dropped call. For HUB_ASSIST_GRACE_SEC (30 s) the
// hub keeps the party's place: the other side gets `peer.state reconnecting`; when the same
// kiosk/staff member connects again the hub replays `queue.position` or `call.assigned` /
// `call.started` with `resumed: true` and both get `peer.state connected`. Media usually
// survives a signaling flap; if not, the expert re-offers (ICE restart). Signals sent while
// the other side is away are dropped, not queued. A newer socket of the same party replaces
// the older one (closed with 4001). After the grace:
// a kiosk's request is abandoned, a call ends (`kiosk-lost`), and a call whose expert is
// lost ends with `expert-lost` and the request returns to the queue, keeping its age.
//
// DURING A CALL — remote authorization: the kiosk asks over the data channel
// (`authorization.request`); the expert sends `authorization.decide` to the hub, which stores
// and signs it (HMAC, decisionId) and sends `authorization.decision` to the kiosk — the copy
// the kiosk acts on. The expert console posts WebRTC stats to
// POST /v1/assist/sessions/:sessionId/quality (staff-api.ts), e.g. every 10 s.
// Transfer: `transfer {to: staffId | 'supervisor'}` ends this expert's call (`transferred`);
// the customer waits again, visible only to the target, and gets a new call.assigned.
//
// SUPERVISORS (and admins) get `supervisor.snapshot` on connect, on every change and every
// 5 s, and `sla.breach` the moment an SLA target passes (rules: sla/sla-rules.ts).
//
// LIMITS — frames up to ASSIST_LIMITS.maxMessageBytes, `signal.data` up to maxSignalBytes,
// a token bucket per socket (RATE_LIMITED; sustained excess closes with 1008), WebSocket
// pings every heartbeatSec (browsers answer them); clients may also send `ping` → `pong`.
import { z } from 'zod';
import {
  assistErrorCodeSchema,
  callEndReasonSchema,
  clientEndReasonSchema,
  dispositionOutcomeSchema,
  expertStateSchema,
  expertSummarySchema,
  helpFlagsSchema,
  iceServerSchema,
  journeyStepSchema,
  languageSchema,
  queueEntrySchema,
  requestIdSchema,
  sessionIdSchema,
  signalDataSchema,
  slaBreachSchema,
  staffIdSchema,
  staffRoleSchema,
  topicSchema,
} from './assist-values.js';
import { alertNoticeSchema } from './fleet-alerts.js';
import { signedCommandSchema } from './fleet-commands.js';
import { healthReportSchema } from './fleet-health.js';

export * from './assist-values.js';

const msg = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape }).strict();

// ── either party → hub ──────────────────────────────────────────────────────────────────
export const signalMessageSchema = msg('signal', { sessionId: sessionIdSchema, data: signalDataSchema });
export const callEndMessageSchema = msg('call.end', { sessionId: sessionIdSchema, reason: clientEndReasonSchema });
export const pingMessageSchema = msg('ping', {});

// ── kiosk → hub ─────────────────────────────────────────────────────────────────────────
export const kioskMessageSchema = z.discriminatedUnion('type', [
  msg('help.request', { language: languageSchema, topic: topicSchema, flags: helpFlagsSchema, journeyStep: journeyStepSchema }),
  msg('help.cancel', {}),
  signalMessageSchema,
  callEndMessageSchema,
  /** After the call: the customer's NPS (0–10); `rating` (1–5) is what kiosks before issue 13 sent. */
  msg('call.rate', { sessionId: sessionIdSchema, rating: z.number().int().min(1).max(5).optional(), nps: z.number().int().min(0).max(10).optional() }),
  /** Device health, backlog and host facts, on change and every FLEET_HEALTH.heartbeatSec (fleet-health.ts). No answer. */
  msg('health.report', { report: healthReportSchema }),
  /** A remote command arrived and was checked (fleet-commands.ts); its result follows over HTTP. */
  msg('command.ack', { commandId: z.uuid() }),
  pingMessageSchema,
]);
export type KioskMessage = z.infer<typeof kioskMessageSchema>;

// ── expert (and supervisor, admin) → hub ────────────────────────────────────────────────
export const expertMessageSchema = z.discriminatedUnion('type', [
  msg('availability', { available: z.boolean() }),
  msg('queue.snapshot', {}),
  msg('accept', { requestId: requestIdSchema.optional() }),
  signalMessageSchema,
  callEndMessageSchema,
  /** Hands the customer to a named expert or to any supervisor; this expert's call ends. */
  msg('transfer', { sessionId: sessionIdSchema, to: z.union([z.literal('supervisor'), staffIdSchema]), note: z.string().max(500).optional() }),
  msg('disposition', { sessionId: sessionIdSchema, outcome: dispositionOutcomeSchema, notes: z.string().max(2000) }),
  /** Records a remote authorization; the hub signs it and forwards it to the kiosk. */
  msg('authorization.decide', {
    sessionId: sessionIdSchema,
    authRequestId: z.uuid(),
    action: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/),
    decision: z.enum(['approve', 'decline']),
    reason: z.string().max(500).optional(),
  }),
  /** Supervisor and admin only. */
  msg('supervisor.snapshot', {}),
  pingMessageSchema,
]);
export type ExpertMessage = z.infer<typeof expertMessageSchema>;

// ── hub → clients ───────────────────────────────────────────────────────────────────────
export const errorMessageSchema = msg('error', { code: assistErrorCodeSchema, message: z.string(), about: z.string().optional() });
const relayedSignalSchema = msg('signal', { sessionId: sessionIdSchema, data: z.record(z.string(), z.unknown()) });
const peerStateSchema = msg('peer.state', { sessionId: sessionIdSchema, state: z.enum(['connected', 'reconnecting']) });
const hubCallEndSchema = msg('call.end', { sessionId: sessionIdSchema, reason: callEndReasonSchema });
const pongSchema = msg('pong', {});

export const kioskInboundSchema = z.discriminatedUnion('type', [
  msg('hello', { role: z.literal('kiosk'), kioskId: z.string(), heartbeatSec: z.number() }),
  msg('queue.position', {
    requestId: requestIdSchema,
    position: z.number().int().positive(),
    expectedWaitSec: z.number().int().nonnegative(),
    /** No expert who could answer is free or in a call: the wait has no end the hub can name. */
    nobodyAvailable: z.boolean().optional(),
  }),
  msg('help.closed', { requestId: requestIdSchema, reason: z.enum(['cancelled', 'abandoned']) }),
  msg('call.assigned', {
    sessionId: sessionIdSchema,
    requestId: requestIdSchema,
    expert: z.object({ displayName: z.string() }),
    iceServers: z.array(iceServerSchema),
    initiator: z.literal(false),
    resumed: z.boolean(),
  }),
  /** The hub-recorded decision: act on this one, not on the data-channel copy. */
  msg('authorization.decision', {
    sessionId: sessionIdSchema,
    authRequestId: z.uuid(),
    decisionId: z.uuid(),
    action: z.string(),
    decision: z.enum(['approve', 'decline']),
    decidedAt: z.string(),
    signature: z.string(),
  }),
  /** A remote command signed by the hub (fleet-commands.ts); sent again until acknowledged. */
  msg('command.deliver', { command: signedCommandSchema }),
  relayedSignalSchema,
  peerStateSchema,
  hubCallEndSchema,
  errorMessageSchema,
  pongSchema,
]);
export type KioskInbound = z.infer<typeof kioskInboundSchema>;

export const expertInboundSchema = z.discriminatedUnion('type', [
  msg('hello', { role: staffRoleSchema, staffId: staffIdSchema, displayName: z.string(), heartbeatSec: z.number() }),
  msg('expert.state', { state: expertStateSchema }),
  msg('queue.snapshot', { requests: z.array(queueEntrySchema) }),
  msg('call.started', {
    sessionId: sessionIdSchema,
    request: queueEntrySchema,
    iceServers: z.array(iceServerSchema),
    initiator: z.literal(true),
    resumed: z.boolean(),
  }),
  msg('disposition.recorded', { sessionId: sessionIdSchema }),
  msg('authorization.recorded', { sessionId: sessionIdSchema, authRequestId: z.uuid(), decisionId: z.uuid(), signature: z.string() }),
  msg('sla.breach', { breach: slaBreachSchema }),
  /** Supervisors and admins: a fleet alert was raised, acknowledged or resolved (fleet-alerts.ts). */
  msg('fleet.alert', { notice: alertNoticeSchema }),
  msg('supervisor.snapshot', {
    experts: z.array(expertSummarySchema),
    queueLength: z.number().int().nonnegative(),
    longestWaitSec: z.number().int().nonnegative(),
    slaBreaches: z.object({ total: z.number().int().nonnegative(), recent: z.array(slaBreachSchema) }),
  }),
  relayedSignalSchema,
  peerStateSchema,
  hubCallEndSchema,
  errorMessageSchema,
  pongSchema,
]);
export type ExpertInbound = z.infer<typeof expertInboundSchema>;
export type HubMessage = KioskInbound | ExpertInbound;
