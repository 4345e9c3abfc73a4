// At most one suggestion after a journey (issue 13). The host, not the page, builds the end
// context (a bill payment's from its own journey; a ticket's from the service asked), asks the
// hub for the customer's marketing-consent flag while the card session is still open (nothing
// else about the customer), evaluates the pulled rules (protocol/recommendations.ts) and logs
// which rule matched and why. Shown, accepted and declined go to the outbox as
// customer.recommendation (rule, version, journey — no personal data) and reach the hub by
// sync, offline or not. An accepted action is carried out here: a slip printed, a ticket issued.
import { randomUUID } from 'node:crypto';
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { BillerCategory } from '../../../protocol/core-banking.js';
import {
  matchReasons,
  pickRecommendation,
  RECOMMENDATION_TRANSACTION_TYPE,
  recommendationPayloadSchema,
  type Consent,
  type JourneyEndContext,
  type KioskRule,
  type RecommendationEvent,
  type RecommendationJourney,
} from '../../../protocol/recommendations.js';
import type { BillPaymentState } from '../../bridge/bill-payment-contract.js';
import type { Offer } from '../../bridge/recommendation-contract.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';

export type OfferRequest = { journey: 'bill-payment' } | { journey: 'queue-ticket'; serviceId: string } | { journey: 'account-services' };
type Locale = 'zh-CN' | 'en';
type PrintResult = { printed: boolean; code?: string };
export type RespondResult = { done: 'none' } | { done: 'slip'; print: PrintResult } | { done: 'ticket'; number: string; print: PrintResult };

export interface RecommendationDeps {
  rules(): Promise<readonly KioskRule[]>;
  outbox: Pick<Outbox, 'enqueue'>;
  /** The bill payment's result on screen and its card session (null offline), or null. */
  billResult(): { state: Extract<BillPaymentState, { phase: 'result' }>; sessionId: string | null } | null;
  billerCategory(billerId: string): Promise<BillerCategory | undefined>;
  /** Balances and statements: the card session still open, or null. */
  accountsSession(): string | null;
  /** The hub's answer for the open card session; throws when the hub cannot say. */
  consentOf(sessionId: string): Promise<Consent>;
  print(doc: ReceiptDocument): Promise<PrintResult>;
  issueTicket(serviceId: string, locale: Locale): Promise<{ number: string; print: PrintResult }>;
  branchName: { 'zh-CN': string; en: string };
  onRecorded?(): void;
  now?: () => Date;
  log: HostLogger;
}

interface Pending {
  offerId: string;
  rule: KioskRule;
  journey: RecommendationJourney;
  answered: boolean;
}

export class RecommendationService {
  private pending: Pending | null = null;
  private readonly now: () => Date;

  constructor(private readonly deps: RecommendationDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async offer(request: OfferRequest): Promise<Offer | null> {
    this.pending = null;
    const ended = await this.context(request);
    if (!ended) return null;
    const { context, consent } = ended;
    const rule = pickRecommendation(await this.deps.rules(), context, consent, this.now().getTime());
    if (!rule) {
      this.deps.log.info({ journey: context.journey, consent }, 'recommendation: no rule matched');
      return null;
    }
    const offerId = randomUUID();
    this.pending = { offerId, rule, journey: context.journey, answered: false };
    this.deps.log.info({ ruleId: rule.id, ruleVersion: rule.version, journey: context.journey, consent, because: matchReasons(rule.definition, context) }, 'recommendation: rule matched');
    await this.record(rule, context.journey, 'shown');
    const { kind, title, text, action } = rule.definition.suggestion;
    return { offerId, kind, title, text, action };
  }

  async respond(offerId: string, answer: 'accepted' | 'declined', locale: Locale): Promise<RespondResult> {
    const pending = this.pending;
    // Another visit's offer, or an answer given twice: nothing to count, nothing to do.
    if (!pending || pending.offerId !== offerId || pending.answered) return { done: 'none' };
    pending.answered = true;
    await this.record(pending.rule, pending.journey, answer);
    if (answer === 'declined') return { done: 'none' };
    const { suggestion } = pending.rule.definition;
    switch (suggestion.action.type) {
      case 'slip':
        return { done: 'slip', print: await this.deps.print(this.slip(suggestion.title, suggestion.text, locale)).catch(() => ({ printed: false, code: 'IO' })) };
      case 'ticket': {
        const issued = await this.deps.issueTicket(suggestion.action.serviceId, locale);
        return { done: 'ticket', number: issued.number, print: issued.print };
      }
      default:
        // An article opens on the page from the kiosk's own knowledge base.
        return { done: 'none' };
    }
  }

  /** The visit ended: an unanswered offer is forgotten (it counted as shown). */
  sessionEnded(): void {
    this.pending = null;
  }

  private async context(request: OfferRequest): Promise<{ context: JourneyEndContext; consent: Consent } | null> {
    const hour = this.now().getHours();
    if (request.journey === 'queue-ticket') return { context: { journey: 'queue-ticket', outcome: 'success', serviceId: request.serviceId, hour }, consent: 'unknown' };
    if (request.journey === 'account-services') return { context: { journey: 'account-services', outcome: 'success', hour }, consent: await this.consent(this.deps.accountsSession()) };
    const result = this.deps.billResult();
    if (!result) return null;
    const { state, sessionId } = result;
    const billerCategory = await this.deps.billerCategory(state.bill.billerId).catch(() => undefined);
    const context: JourneyEndContext = {
      journey: 'bill-payment',
      outcome: state.outcome === 'declined' ? 'failure' : 'success',
      billerId: state.bill.billerId,
      ...(billerCategory ? { billerCategory } : {}),
      paidBy: 'card',
      amount: state.bill.amount,
      hour,
    };
    return { context, consent: await this.consent(sessionId) };
  }

  /** The bank's flag for the open card session; without a session or an answer, nobody is known to consent. */
  private async consent(sessionId: string | null): Promise<Consent> {
    if (!sessionId) return 'unknown';
    return this.deps.consentOf(sessionId).catch((err: Error) => {
      this.deps.log.warn({ err: err.message }, 'recommendation: consent not known');
      return 'unknown' as const;
    });
  }

  private async record(rule: KioskRule, journey: RecommendationJourney, event: RecommendationEvent): Promise<void> {
    const payload = recommendationPayloadSchema.parse({ eventId: randomUUID(), ruleId: rule.id, ruleVersion: rule.version, event, journey, at: this.now().toISOString() });
    try {
      // Counting is not business the kiosk could refuse offline or when full: no admission.
      const { id } = await this.deps.outbox.enqueue(RECOMMENDATION_TRANSACTION_TYPE, payload, { bypassAdmission: true });
      this.deps.log.info({ ruleId: rule.id, event, outboxId: id }, 'recommendation: event recorded');
      this.deps.onRecorded?.();
    } catch (err) {
      // A lost count is not a broken visit: the customer carries on.
      this.deps.log.error({ ruleId: rule.id, event, err: (err as Error).message }, 'recommendation: event not recorded');
    }
  }

  private slip(title: { 'zh-CN': string; en: string }, text: { 'zh-CN': string; en: string }, locale: Locale): ReceiptDocument {
    const other: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
    return {
      blocks: [
        { kind: 'text', text: this.deps.branchName[locale], align: 'center', bold: true },
        { kind: 'rule' },
        { kind: 'text', text: title[locale], align: 'center', bold: true, size: 'double-height' },
        { kind: 'text', text: text[locale] },
        { kind: 'rule' },
        { kind: 'text', text: title[other], bold: true },
        { kind: 'text', text: text[other] },
        { kind: 'feed', lines: 3 },
        { kind: 'cut' },
      ],
    };
  }
}
