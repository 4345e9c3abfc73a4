// The whole surface between the kiosk page and the host. Nothing crosses the bridge unless
// it is declared here: both transports validate every request and event against these
// schemas on the host side, and the page's typed client is derived from them. Video
// assistance (assist.*) is declared in assist-contract.ts, service mode (serviceMode.*) and the
// out-of-service state in service-contract.ts, bill payment (billPayment.*) in
// bill-payment-contract.ts, balances and statements (accounts.*) in account-services-contract.ts,
// satisfaction answers (feedback.*) in feedback-contract.ts; all are
// merged here.
import { z } from 'zod';
import { assistEvents, assistRequests } from './assist-contract.js';
import { accountServicesEvents, accountServicesRequests } from './account-services-contract.js';
import { cardReplacementEvents, cardReplacementRequests } from './card-replacement-contract.js';
import { accountOpeningEvents, accountOpeningRequests } from './account-opening-contract.js';
import { appointmentEvents, appointmentRequests } from './appointments-contract.js';
import { queueRecognitionEvents, queueRecognitionRequests } from './queue-recognition-contract.js';
import { billPaymentEvents, billPaymentRequests } from './bill-payment-contract.js';
import { feedbackRequests } from './feedback-contract.js';
import { knowledgeRequests } from './knowledge-contract.js';
import { recommendationRequests } from './recommendation-contract.js';
import { serviceEvents, serviceRequests } from './service-contract.js';
import { wallEvents, wallRequests } from './wall-contract.js';
import { queueServiceSchema } from '../../protocol/queue-service.js';
import { BRIDGE_ERROR_CODES, PRINT_FAILURE_CODES, type Envelope } from './envelope.js';
import { localeSchema } from './locale.js';

export { localeSchema, type Locale } from './locale.js';

export const healthStateSchema = z.enum(['offline', 'ready', 'busy', 'attention', 'error']);
export type HealthState = z.infer<typeof healthStateSchema>;

export const deviceHealthSchema = z.object({
  role: z.string(),
  kind: z.enum(['receipt-printer', 'card-reader', 'id-reader', 'barcode-scanner', 'pin-pad', 'card-dispenser']),
  state: healthStateSchema,
  /** Stable reason code the UI can translate, e.g. `paper-out`, `cover-open`. */
  reason: z.string().optional(),
  since: z.string(),
});
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;

export const syncStatusSchema = z.object({
  online: z.boolean(),
  backlog: z.number().int().nonnegative(),
  oldestPendingAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  /** Transactions the hub refused (dead letters); staff must look at them. */
  rejected: z.number().int().nonnegative().optional(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** Why a service cannot start now; the page says so before the customer begins. */
export const unavailableReasonSchema = z.enum(['OFFLINE_NOT_ALLOWED', 'OFFLINE_LIMIT', 'STORAGE_FULL']);
export type UnavailableReason = z.infer<typeof unavailableReasonSchema>;

export const serviceAvailabilitySchema = z.object({
  /** Transaction type, e.g. `queue.ticket.issued`, `bill.payment`. */
  type: z.string(),
  available: z.boolean(),
  reason: unavailableReasonSchema.optional(),
});
export type ServiceAvailability = z.infer<typeof serviceAvailabilitySchema>;

export const availabilitySchema = z.object({ online: z.boolean(), services: z.array(serviceAvailabilitySchema) });
export type Availability = z.infer<typeof availabilitySchema>;

export { queueServiceSchema, type QueueService } from '../../protocol/queue-service.js';

export const ticketSchema = z.object({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  issuedAt: z.string(),
  /** People waiting ahead, when the branch queue is known; null while the kiosk cannot tell (offline). */
  ahead: z.number().int().nonnegative().nullable(),
  /** Served sooner at the branch: the customer asked for priority service. */
  priority: z.boolean().optional(),
  /** Served as VIP: an appointment checked in, or a bank card the hub recognised as VIP. */
  vip: z.enum(['appointment', 'card']).optional(),
  /** The hub's estimate for this ticket; null (or absent) when it cannot say — offline, or no counter open for the service. */
  estimatedWaitSec: z.number().int().nonnegative().nullable().optional(),
});
export type Ticket = z.infer<typeof ticketSchema>;

/** Why a ticket or receipt did not print; the page tells the customer in their language. */
export const printFailureCodeSchema = z.enum(PRINT_FAILURE_CODES);
export type { PrintFailureCode } from './envelope.js';

export const printOutcomeSchema = z.object({
  printed: z.boolean(),
  code: printFailureCodeSchema.optional(),
});
export type PrintOutcome = z.infer<typeof printOutcomeSchema>;

export const kioskInfoSchema = z.object({
  kioskId: z.string(),
  branchName: z.object({ 'zh-CN': z.string(), en: z.string() }),
  defaultLocale: localeSchema,
  idleTimeoutMs: z.number().int().positive(),
  idleWarningMs: z.number().int().positive(),
  version: z.string(),
  serviceMode: z.boolean(),
});
export type KioskInfo = z.infer<typeof kioskInfoSchema>;

const empty = z.object({}).strict();

export const requests = {
  'kiosk.info': { input: empty, output: kioskInfoSchema },
  'queue.services': { input: empty, output: z.array(queueServiceSchema) },
  'queue.issueTicket': {
    /** `priority`: the customer asked for priority service (elderly, disability, pregnancy). */
    input: z.object({ serviceId: z.string().min(1).max(40), locale: localeSchema, priority: z.boolean().optional() }).strict(),
    output: z.object({ ticket: ticketSchema, print: printOutcomeSchema }),
  },
  'queue.reprintTicket': {
    input: z.object({ ticketId: z.string().min(1).max(64), locale: localeSchema }).strict(),
    output: printOutcomeSchema,
  },
  'devices.list': { input: empty, output: z.array(deviceHealthSchema) },
  'sync.status': { input: empty, output: syncStatusSchema },
  'services.availability': { input: empty, output: availabilitySchema },
  'session.ended': {
    input: z.object({ reason: z.enum(['idle', 'home', 'completed']) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  /**
   * A page opened (start, reload, crash recovery): it holds a new customer's session, so a
   * help request or call an earlier page left in the host ends now and is never shown to,
   * or answered for, whoever stands at the kiosk.
   */
  'session.opened': { input: empty, output: z.object({ ok: z.literal(true) }) },
  ...accountServicesRequests,
  ...cardReplacementRequests,
  ...accountOpeningRequests,
  ...appointmentRequests,
  ...queueRecognitionRequests,
  ...assistRequests,
  ...billPaymentRequests,
  ...feedbackRequests,
  ...knowledgeRequests,
  ...recommendationRequests,
  ...serviceRequests,
  ...wallRequests,
} as const;

export const events = {
  'device.health': deviceHealthSchema,
  'sync.status': syncStatusSchema,
  'services.availability': availabilitySchema,
  ...accountServicesEvents,
  ...cardReplacementEvents,
  ...accountOpeningEvents,
  ...appointmentEvents,
  ...queueRecognitionEvents,
  ...assistEvents,
  ...billPaymentEvents,
  ...serviceEvents,
  ...wallEvents,
} as const;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestInput<N extends RequestName> = z.input<(typeof requests)[N]['input']>;
export type RequestOutput<N extends RequestName> = z.infer<(typeof requests)[N]['output']>;
export type EventPayload<N extends EventName> = z.infer<(typeof events)[N]>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Stable error codes shared by host and page (listed in envelope.ts); the page translates them. */
export const errorCodeSchema = z.enum(BRIDGE_ERROR_CODES);
export { BridgeError, type BridgeErrorCode, type Envelope } from './envelope.js';

export const bridgeErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type BridgeErrorPayload = z.infer<typeof bridgeErrorSchema>;

export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: bridgeErrorSchema }),
]);

/** WebSocket framing: page → host requests, host → page responses and events. */
export { wsRequestFrameSchema } from './ws-frames.js';
export type WsResponseFrame = { id: number } & Envelope;
export type WsEventFrame = { event: EventName; payload: unknown };

/** IPC channel names are derived, so the preload allow-list and main's handlers cannot drift. */
export const requestChannel = (name: RequestName): string => `kiosk:req:${name}`;
export const eventChannel = (name: EventName): string => `kiosk:evt:${name}`;
