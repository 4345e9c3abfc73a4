// What the customer and the expert do over the data channel besides talking: chat, the
// expert's read-back forms, ID scans with the kiosk's reader, remote authorizations. Each
// outgoing message is checked against call-messages.ts before it is sent.
import type { BridgeClient } from '../../../electron/bridge/client.js';
import type { IdScanOutcome } from '../../../electron/bridge/assist-contract.js';
import type { CallMessage } from '../../../protocol/call-messages.js';
import type { KioskInbound } from '../../../protocol/assist-signaling.js';
import { withChat, type CallView } from './call-view.js';
import { maskNumbers } from './journey-state.js';

export interface CallContext {
  readonly sessionId: string;
  readonly client: BridgeClient;
  view(): CallView;
  update(change: (view: CallView) => CallView): void;
  /** False when the data channel is not open or the message fails its schema. */
  send(message: CallMessage): boolean;
}

const uuid = () => globalThis.crypto.randomUUID();

export function sendChat(ctx: CallContext, raw: string): boolean {
  const text = maskNumbers(raw.trim()).slice(0, 1000);
  if (text === '') return false;
  const message = { v: 1, type: 'chat', id: uuid(), from: 'kiosk', text, at: new Date().toISOString() } as const;
  if (!ctx.send(message)) return false;
  ctx.update((view) => withChat(view, { id: message.id, from: 'kiosk', text, at: message.at }));
  return true;
}

export function answerForm(ctx: CallContext, confirmed: boolean): void {
  const form = ctx.view().form;
  if (!form) return;
  ctx.send({ v: 1, type: 'form.response', formId: form.formId, confirmed });
  ctx.update((view) => ({ ...view, form: null }));
}

/** Reports the outcome of the scan on screen, if it is still the one waiting. */
export function finishIdScan(ctx: CallContext, outcome: IdScanOutcome): void {
  const scan = ctx.view().idScan;
  if (!scan || scan.scanId !== outcome.scanId || scan.status !== 'waiting' || outcome.status === 'pending') return;
  ctx.send({ v: 1, type: 'id-scan.result', scanId: outcome.scanId, status: outcome.status, ...(outcome.masked ? { masked: outcome.masked } : {}) });
  ctx.update((view) => ({ ...view, idScan: { ...scan, status: outcome.status as Exclude<IdScanOutcome['status'], 'pending'> } }));
}

export async function startIdScan(ctx: CallContext, scanId: string, document: 'id-card' | 'passport', timeoutMs: number): Promise<void> {
  // The host gives up after its own deadline; this one covers a host that never answers.
  const timer = setTimeout(() => finishIdScan(ctx, { scanId, status: 'unreadable' }), timeoutMs);
  try {
    const outcome = await ctx.client.request('assist.idScan', { sessionId: ctx.sessionId, scanId, document });
    if (outcome.status !== 'pending') {
      clearTimeout(timer);
      finishIdScan(ctx, outcome);
    }
  } catch {
    clearTimeout(timer);
    finishIdScan(ctx, { scanId, status: 'no-reader' });
  }
}

export function declineIdScan(ctx: CallContext): void {
  const scan = ctx.view().idScan;
  if (!scan || scan.status !== 'waiting') return;
  ctx.client.request('assist.idScanCancel', { scanId: scan.scanId }).catch(() => undefined);
  finishIdScan(ctx, { scanId: scan.scanId, status: 'declined' });
}

export function closeIdScan(ctx: CallContext): void {
  ctx.update((view) => (view.idScan && view.idScan.status !== 'waiting' ? { ...view, idScan: null } : view));
}

/**
 * For journeys that need staff approval; returns the id the hub-signed decision will carry.
 * A journey whose record already has an id (account opening: the application's) passes it as
 * `authRequestId`, so the decision is about that record; a resend with it is not a new request.
 */
export function requestAuthorization(ctx: CallContext, request: { action: string; summary: string; amountMinor?: number; currency?: string; authRequestId?: string }): string | null {
  const { authRequestId = uuid(), ...rest } = request;
  const sent = ctx.send({ v: 1, type: 'authorization.request', authRequestId, ...rest, summary: maskNumbers(request.summary) });
  return sent ? authRequestId : null;
}

export function showDecision(ctx: CallContext, decision: Extract<KioskInbound, { type: 'authorization.decision' }>): void {
  if (decision.sessionId !== ctx.sessionId) return;
  ctx.update((view) => ({ ...view, authorization: { decisionId: decision.decisionId, action: decision.action, decision: decision.decision } }));
}
