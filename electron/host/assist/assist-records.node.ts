// What video assistance leaves in the kiosk's books: each remote authorization decision the
// hub signed, each rating and each ID scan done for an expert, as outbox rows (they reach the
// hub by sync like any transaction) plus a host log line. Rows bypass admission: the decision
// was already taken and recorded by the hub, so an offline or full kiosk must still keep its copy.
import type { KioskInbound } from '../../../protocol/assist-signaling.js';
import type { IdScanOutcome } from '../../bridge/assist-contract.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';

export const ASSIST_RECORD_TYPES = {
  decision: 'assist.authorization.decided',
  rating: 'assist.call.rated',
  idScan: 'assist.id-scan.completed',
} as const;

type Decision = Extract<KioskInbound, { type: 'authorization.decision' }>;

export interface AssistRecorder {
  decision(decision: Decision, journeyStep: string | null): Promise<void>;
  rating(sessionId: string, rating: number): Promise<void>;
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
    rating: (sessionId, rating) => store(ASSIST_RECORD_TYPES.rating, { sessionId, rating, ratedAt: new Date().toISOString() }, { sessionId, rating }),
    idScan: (sessionId, outcome, document) =>
      store(
        ASSIST_RECORD_TYPES.idScan,
        { sessionId, scanId: outcome.scanId, document, status: outcome.status, ...(outcome.masked ? { masked: outcome.masked } : {}) },
        { sessionId, scanId: outcome.scanId, status: outcome.status },
      ),
  };
}
