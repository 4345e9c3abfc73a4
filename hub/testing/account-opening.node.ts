// Test helpers for account opening (issue 11): an application as a kiosk files it, and an
// expert's decision recorded the way the hub's `authorization.decide` handler records it (the
// assistance store, in one transaction with the application's move, signed by the hub's signer).
import { randomUUID } from 'node:crypto';
import { ACCOUNT_OPEN_ACTION, type FileApplicationRequest } from '../../protocol/account-opening.js';
import type { AssistStore } from '../assist/storage/assist-store.js';
import { decisionSigner, type DecisionSigner } from '../assist/decision-signer.node.js';

const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** A birth date `years` years (and a day) before today, UTC. */
export function bornYearsAgo(years: number): string {
  const at = new Date();
  at.setUTCFullYear(at.getUTCFullYear() - years);
  at.setUTCDate(at.getUTCDate() - 1);
  return at.toISOString().slice(0, 10);
}

export function sampleApplication(kioskId: string, over: Partial<FileApplicationRequest> = {}): FileApplicationRequest {
  return {
    kioskId,
    applicationId: randomUUID(),
    document: { kind: 'cn-id', name: '王小明', idNumber: '110101199003074578', sex: 'M', birthDate: bornYearsAgo(36), nationality: 'CHN', validTo: 'long-term', address: '北京市东城区景山前街4号', issuer: '北京市公安局东城分局' },
    idPhoto: { mime: 'image/jpeg', base64: '/9j/4AAQSkZJRgABAQ==' },
    face: { outcome: 'checked', result: { score: 0.91, threshold: 0.6, decision: 'match', liveness: { passed: true, reason: 'live', challenge: 'blink', framesAnalysed: 12, antiSpoofScore: null }, timings: { idPhotoMs: 40, framesMs: 300, answerMs: 420 }, engine: 'test' }, livePhoto: { mime: 'image/jpeg', base64: '/9j/4AAQSkZJRgABAg==' } },
    consent: { version: 'terms-2026.11', accepted: ['terms', 'privacy', 'identity-check'], signature: { mime: 'image/png', base64: PIXEL_PNG } },
    kyc: { occupation: 'employee', purpose: 'salary', taxResidency: { kind: 'cn-only' } },
    locale: 'zh-CN',
    ...over,
  };
}

export interface ExpertDecisionInput {
  kioskId: string;
  applicationId: string;
  staffId: string;
  decision: 'approve' | 'decline';
  at?: number;
}

/** Opens an assistance request and call for the kiosk, then records the expert's decision as the hub does. */
export async function recordExpertDecision(store: AssistStore, input: ExpertDecisionInput, signer: DecisionSigner = decisionSigner('test-decisions')): Promise<{ decisionId: string; recorded: boolean }> {
  const at = input.at ?? Date.now();
  const requestId = randomUUID();
  const sessionId = randomUUID();
  await store.openRequest({ requestId, kioskId: input.kioskId, language: 'zh-CN', topic: 'accounts', priorityClass: 'standard', flags: { vip: false, elderly: false, urgent: false }, journeyStep: 'account-opening/approval', requestedAt: at - 20_000 });
  await store.startSession({ sessionId, requestId, kioskId: input.kioskId, staffId: input.staffId, startedAt: at - 10_000, waitMs: 10_000 });
  const fields = {
    decisionId: randomUUID(),
    sessionId,
    authRequestId: input.applicationId,
    kioskId: input.kioskId,
    staffId: input.staffId,
    action: ACCOUNT_OPEN_ACTION,
    decision: input.decision,
    decidedAt: new Date(at).toISOString(),
  };
  const recorded = await store.recordDecision({ ...fields, decidedAt: at, signature: signer.sign(fields) });
  return { decisionId: fields.decisionId, recorded };
}
