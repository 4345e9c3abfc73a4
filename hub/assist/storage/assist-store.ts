// Everything the assistance service and routes keep in the database, over either engine.
// The schema is hub migration 3 (hub/storage/migrations.ts).
import { applyApplicationDecision } from '../../banking/account-application-queries.js';
import { migrate } from '../../storage/migrations.js';
import type { Database } from '../../storage/queryable.js';
import type { CallEndReason, DispositionOutcome } from '../../../protocol/assist-values.js';
import type { QualitySample, QualitySummary } from '../../../protocol/staff-api.js';
import * as records from './assist-records.js';
import { requestHistory, sessionParties, type RequestHistory } from './assist-history.js';
import { addQualitySamples, qualitySummary } from './call-quality.js';

export type { RequestHistory } from './assist-history.js';
export type { BreachRecord, DecisionRecord, DispositionResult, OpenedRequest, RequestOutcome, StartedSession, TransferRecord } from './assist-records.js';

export interface AssistStore {
  openRequest(request: records.OpenedRequest): Promise<void>;
  startSession(session: records.StartedSession): Promise<void>;
  endSession(sessionId: string, at: number, reason: CallEndReason): Promise<void>;
  requeue(requestId: string): Promise<void>;
  closeRequest(requestId: string, at: number, outcome: records.RequestOutcome, abandonReason?: string): Promise<void>;
  recordTransfer(transfer: records.TransferRecord): Promise<void>;
  recordBreach(breach: records.BreachRecord): Promise<void>;
  /** Once per call: `already-recorded` after the first, `not-yours` when the session is not this expert's. */
  setDisposition(sessionId: string, staffId: string, outcome: DispositionOutcome, notes: string, at: number): Promise<records.DispositionResult>;
  /** False when the session is not this kiosk's, or was rated already. */
  setRating(sessionId: string, kioskId: string, rating: number | null, nps: number | undefined, at: number): Promise<boolean>;
  recordDecision(decision: records.DecisionRecord): Promise<boolean>;
  addQualitySamples(sessionId: string, samples: readonly QualitySample[]): Promise<void>;
  qualitySummary(sessionId: string): Promise<QualitySummary | null>;
  sessionParties(sessionId: string): Promise<{ kioskId: string; staffId: string } | null>;
  requestHistory(requestId: string): Promise<RequestHistory | null>;
}

export async function createAssistStore(db: Database): Promise<AssistStore> {
  await migrate(db);
  return {
    openRequest: (request) => records.insertRequest(db, request),
    // The request update and the session insert belong together.
    startSession: (session) => db.transaction((tx) => records.insertSession(tx, session)),
    endSession: (sessionId, at, reason) => records.endSession(db, sessionId, at, reason),
    requeue: (requestId) => records.markWaiting(db, requestId),
    closeRequest: (requestId, at, outcome, abandonReason) => records.closeRequest(db, requestId, at, outcome, abandonReason),
    recordTransfer: (transfer) => records.insertTransfer(db, transfer),
    recordBreach: (breach) => records.insertBreach(db, breach),
    setDisposition: (sessionId, staffId, outcome, notes, at) => records.setDisposition(db, sessionId, staffId, outcome, notes, at),
    setRating: (sessionId, kioskId, rating, nps, at) => records.setRating(db, sessionId, kioskId, rating, nps, at),
    // An 'account.open' decision moves its application (issue 11) in the same transaction, so a
    // recorded approval and an approved application never part. Only the transaction's client here.
    recordDecision: (decision) =>
      db.transaction(async (tx) => {
        const recorded = await records.insertDecision(tx, decision);
        if (recorded) await applyApplicationDecision(tx, decision);
        return recorded;
      }),
    addQualitySamples: (sessionId, samples) => addQualitySamples(db, sessionId, samples),
    qualitySummary: (sessionId) => qualitySummary(db, sessionId),
    sessionParties: (sessionId) => sessionParties(db, sessionId),
    requestHistory: (requestId) => requestHistory(db, requestId),
  };
}
