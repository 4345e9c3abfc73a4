// What video assistance leaves in the kiosk's books: each remote authorization decision the
// hub signed, the customer's answer after the call (customer.feedback.given, like after any
// journey) and each ID scan done for an expert, as outbox rows (they reach the
// hub by sync like any transaction) plus a host log line. Rows bypass admission: the decision
// was already taken and recorded by the hub, so an offline or full kiosk must still keep its copy.
import type { KioskInbound } from '../../../protocol/assist-signaling.js';
import type { FeedbackAnswer } from '../../../protocol/customer-feedback.js';
import type { Language } from '../../../protocol/assist-values.js';
import { recordFeedback } from '../feedback/feedback-recorder.node.js';
import type { IdScanOutcome } from '../../bridge/assist-contract.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';

export const ASSIST_RECORD_TYPES = {
  decision: 'assist.authorization.decided',
  idScan: 'assist.id-scan.completed',
} as const;

type Decision = Extract<KioskInbound, { type: 'authorization.decision' }>;

export interface AssistRecorder {
  decision(decision: Decision, journeyStep: string | null): Promise<void>;
  /** The customer's answer after a call; never throws (the hub has its own copy of the score). */
  feedback(sessionId: string, answer: FeedbackAnswer, locale: Language): Promise<void>;
  idScan(sessionId: string, outcome: IdScanOutcome, document: string): Promise<void>;
}

export function outboxRecorder(outbox: Pick<Outbox, 'enqueue'>, log: HostLogger): AssistRecorder {
  const store = async (type: string, payload: Record<string, unknown>, what: object) => {
    try {
      const { id } = await outbox.enqueue(type, payload, { bypassAdmission: true });
      log.info({ ...what, outboxId: id }, `assist: recorded ${type}`);
    } catch (err) {
      // The hub keeps its own copy of decisions and ratings; losing ours is logged loudly.
      log.error({ ...what, err: (err as Error).message }, `assist: could not record ${type}`);
    }
  };
  return {
    decision: (d, journeyStep) =>
      store(
        ASSIST_RECORD_TYPES.decision,
        {
          decisionId: d.decisionId,
          sessionId: d.sessionId,
          authRequestId: d.authRequestId,
          action: d.action,
          step: journeyStep,
          approved: d.decision === 'approve',
          decidedAt: d.decidedAt,
          signature: d.signature,
        },
        { decisionId: d.decisionId, sessionId: d.sessionId, action: d.action, approved: d.decision === 'approve' },
      ),
    feedback: async (sessionId, answer, locale) => {
      await recordFeedback(outbox, log, { ...answer, journey: 'video-call', service: 'video-call', reference: sessionId, locale }).catch(() => undefined);
    },
    idScan: (sessionId, outcome, document) =>
      store(
        ASSIST_RECORD_TYPES.idScan,
        { sessionId, scanId: outcome.scanId, document, status: outcome.status, ...(outcome.masked ? { masked: outcome.masked } : {}) },
        { sessionId, scanId: outcome.scanId, status: outcome.status },
      ),
  };
}
