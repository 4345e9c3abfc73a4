// The video-assistance part of the bridge (merged into contract.ts). The kiosk host holds
// the signaling socket to the hub; the page sees the host's call state (`assist.state`, one
// setter in the host, sequence-numbered so a late answer never overwrites a newer event) and
// every validated hub → kiosk message (`assist.event`), and asks through the requests below.
// The page never holds hub credentials: only the host signs the socket upgrade.
// Imports only zod and the hub's pure protocol schemas, so the page bundles it.
import { z } from 'zod';
import {
  callEndReasonSchema,
  clientEndReasonSchema,
  iceServerSchema,
  journeyStepSchema,
  kioskInboundSchema,
  languageSchema,
  requestIdSchema,
  sessionIdSchema,
  signalDataSchema,
  topicSchema,
} from '../../protocol/assist-signaling.js';
import { callbackPhoneSchema } from '../../protocol/call-back.js';
import { answerRules, feedbackAnswerShape } from '../../protocol/customer-feedback.js';

/** Why the host left a call or request: the hub's reasons plus the kiosk's own. */
export const assistEndReasonSchema = z.enum([
  ...callEndReasonSchema.options,
  'cancelled', // the customer cancelled while waiting
  'abandoned', // the hub closed the request (grace passed, hub shutdown)
  'unavailable', // no hub configured, hub unreachable or refusing
  'no-answer', // waited longer than the kiosk's limit
  'session-ended', // the customer's session ended (idle, Done, Back out of the visit)
]);
export type AssistEndReason = z.infer<typeof assistEndReasonSchema>;

const expertSchema = z.object({ displayName: z.string() });
const callFields = { sessionId: sessionIdSchema, requestId: requestIdSchema, expert: expertSchema, iceServers: z.array(iceServerSchema) };

const idleState = z.object({ phase: z.literal('idle') });
/** Asked the hub, no answer yet; `after` says why the customer waits again after a call. */
const requestingState = z.object({ phase: z.literal('requesting'), after: z.enum(['transferred', 'expert-lost']).optional() });
const waitingState = z.object({
  phase: z.literal('waiting'),
  requestId: requestIdSchema,
  position: z.number().int().positive(),
  expectedWaitSec: z.number().int().nonnegative(),
  /** No expert who could answer is free or in a call: the page says so and offers other ways. */
  nobodyAvailable: z.boolean().optional(),
});
const connectingState = z.object({ phase: z.literal('connecting'), ...callFields });
const inCallState = z.object({ phase: z.literal('in-call'), ...callFields });
/** The states a dropped signaling socket can resume. */
export const resumableStateSchema = z.discriminatedUnion('phase', [requestingState, waitingState, connectingState, inCallState]);
const reconnectingState = z.object({ phase: z.literal('reconnecting'), from: resumableStateSchema, attempt: z.number().int().nonnegative() });
const endedState = z.object({
  phase: z.literal('ended'),
  reason: assistEndReasonSchema,
  sessionId: sessionIdSchema.nullable(),
  /** The customer talked to an expert, so the page asks for a rating. */
  rateable: z.boolean(),
});

export const assistStateSchema = z.discriminatedUnion('phase', [idleState, requestingState, waitingState, connectingState, inCallState, reconnectingState, endedState]);
export type AssistState = z.infer<typeof assistStateSchema>;
export type AssistPhase = AssistState['phase'];
export type ResumableState = z.infer<typeof resumableStateSchema>;

export { callOf } from './assist-call.js';

export const assistStatusSchema = z.object({ seq: z.number().int().nonnegative(), state: assistStateSchema });
export type AssistStatus = z.infer<typeof assistStatusSchema>;

export const idScanDocumentSchema = z.enum(['id-card', 'passport']);
/** `pending`: the host waits for the reader; the final outcome follows as an `assist.idScan` event. */
export const idScanOutcomeSchema = z.object({
  scanId: z.uuid(),
  status: z.enum(['pending', 'ok', 'unreadable', 'declined', 'no-reader']),
  /** Already masked by the driver (ID number first/last 4, names cut to an initial). */
  masked: z.object({ name: z.string().max(60), idNumber: z.string().max(40), expiry: z.string().max(10) }).optional(),
});
export type IdScanOutcome = z.infer<typeof idScanOutcomeSchema>;

const empty = z.object({}).strict();
const sessionInput = { sessionId: sessionIdSchema };

export const assistRequests = {
  'assist.status': { input: empty, output: assistStatusSchema },
  /** Help pressed: the host connects (if needed) and asks the hub; language from the session. */
  'assist.requestHelp': {
    input: z
      .object({
        topic: topicSchema,
        flags: z.object({ vip: z.boolean(), elderly: z.boolean() }).strict(),
        journeyStep: journeyStepSchema,
        locale: languageSchema,
      })
      .strict(),
    output: assistStatusSchema,
  },
  /** Leaves a request (requesting, waiting) or closes the ended screen without rating. */
  'assist.cancel': { input: empty, output: assistStatusSchema },
  /** Relays one simple-peer signal to the expert; `sent: false` while the socket is down. */
  'assist.signal': { input: z.object({ ...sessionInput, data: signalDataSchema }).strict(), output: z.object({ sent: z.boolean() }) },
  /** The page's peer connection is up: connecting → in-call. */
  'assist.connected': { input: z.object(sessionInput).strict(), output: assistStatusSchema },
  'assist.end': { input: z.object({ ...sessionInput, reason: clientEndReasonSchema }).strict(), output: assistStatusSchema },
  /** The customer's answer after the call: NPS 0–10, optional reason and text (protocol/customer-feedback.ts). */
  'assist.rate': {
    input: z
      .object({ ...feedbackAnswerShape, ...sessionInput, locale: languageSchema })
      .strict()
      .refine(answerRules, { message: 'a phone number needs the consent box ticked', path: ['consent'] }),
    output: assistStatusSchema,
  },
  /** The expert asked for an ID document: read it with the kiosk's ID reader, if there is one. */
  'assist.idScan': {
    input: z.object({ ...sessionInput, scanId: z.uuid(), document: idScanDocumentSchema }).strict(),
    output: idScanOutcomeSchema,
  },
  'assist.idScanCancel': { input: z.object({ scanId: z.uuid() }).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** Nobody could answer: the customer leaves a number (with consent) and the request ends. */
  'assist.requestCallback': {
    input: z.object({ phone: callbackPhoneSchema, consent: z.literal(true), topic: topicSchema, locale: languageSchema }).strict(),
    output: z.object({ reference: z.string(), maskedPhone: z.string() }),
  },
} as const;

export const assistEvents = {
  'assist.state': assistStatusSchema,
  /** Every hub → kiosk message, validated by the host against the hub's protocol schema. */
  'assist.event': kioskInboundSchema,
  /** The final outcome of an `assist.idScan` that answered `pending`. */
  'assist.idScan': idScanOutcomeSchema,
} as const;
