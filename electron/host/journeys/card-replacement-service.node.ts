// Card replacement as a host service (issue 11): one CardReplacementJourney per customer
// session, its state sent to the page as `cardReplacement.state` under the service's own
// sequence, the page's choices taken as bridge requests. A new session (start after another
// customer, session end) detaches the last journey: it is compensated and never speaks to the
// page again. Kept completions are sent to the bank again every minute; rows a killed host left
// unfinished are completed 'not-taken' at start.
import type { CardReplacementStatus } from '../../bridge/card-replacement-contract.js';
import type { FaceEvidence } from '../../../protocol/account-opening.js';
import type { ReplacementReason } from '../../../protocol/card-replacement.js';
import type { MachineLogger } from '../assist/assist-machine.js';
import type { AccountCardPort } from './account-services-ports.js';
import type { JourneyTimers } from './bill-payment-ports.js';
import { CardReplacementJourney } from './card-replacement-machine.js';
import type { CardReplacementBankPort, IdentityPhotoPort, NewCardPort, ReplacementBook, ReplacementReceiptPort } from './card-replacement-ports.js';
import type { FirstCardOffer } from './first-card-offer.js';
import type { ReceiptLocale } from './payment-receipt.js';

export interface CardReplacementServiceDeps {
  bank: CardReplacementBankPort;
  cardPort(): AccountCardPort;
  acceptsIdCard?(): boolean;
  newCard: NewCardPort;
  book: ReplacementBook;
  /** The receipt printer, in the language on screen when the customer confirmed. */
  receipt(locale: ReceiptLocale): ReplacementReceiptPort;
  emit(status: CardReplacementStatus): void;
  log: MachineLogger;
  timers?: JourneyTimers;
  takeCardMs?: number;
  identityPhoto?: IdentityPhotoPort;
  faceThreshold?: number;
}

export class CardReplacementService {
  private journey: CardReplacementJourney | null = null;
  private seq = 0;

  constructor(private readonly deps: CardReplacementServiceDeps) {}

  status(): CardReplacementStatus {
    return { seq: this.seq, state: this.journey?.state ?? { phase: 'idle' } };
  }

  async start(): Promise<CardReplacementStatus> {
    const journey = await this.newJourney('a new card replacement started');
    this.run(journey.start(), 'sign in');
    return this.status();
  }

  /**
   * A first debit card for the account opened in this session (`offer`, left by account
   * opening, taken once). Without one on offer nothing starts: the status says idle.
   */
  async issueFirst(offer: FirstCardOffer, locale: ReceiptLocale): Promise<CardReplacementStatus> {
    const application = offer.take();
    if (!application) {
      this.deps.log.warn({}, 'card-replacement: a first card was asked for with no account opened in this session');
      return this.status();
    }
    const journey = await this.newJourney('a first card for a new account');
    this.localeOf(locale);
    this.run(journey.issueFirst(application), 'first card');
    return this.status();
  }

  private async newJourney(cause: string): Promise<CardReplacementJourney> {
    await this.detach(cause);
    let locale: ReceiptLocale = 'zh-CN';
    const journey = new CardReplacementJourney({
      bank: this.deps.bank,
      card: this.deps.cardPort(),
      acceptsIdCard: this.deps.acceptsIdCard?.() ?? false,
      newCard: this.deps.newCard,
      book: this.deps.book,
      receipt: { print: (r) => this.deps.receipt(locale).print(r) },
      log: this.deps.log,
      onChange: () => {
        if (this.journey === journey) this.publish();
      },
      ...(this.deps.timers ? { timers: this.deps.timers } : {}),
      ...(this.deps.takeCardMs ? { takeCardMs: this.deps.takeCardMs } : {}),
      ...(this.deps.identityPhoto ? { identityPhoto: this.deps.identityPhoto } : {}),
      ...(this.deps.faceThreshold !== undefined ? { faceThreshold: this.deps.faceThreshold } : {}),
    });
    this.journey = journey;
    this.localeOf = (next) => (locale = next);
    return journey;
  }

  private localeOf: (locale: ReceiptLocale) => void = () => undefined;

  choose(cardId: string, reason: ReplacementReason): CardReplacementStatus {
    const journey = this.journey;
    if (journey) this.run(journey.choose(cardId, reason), 'card chosen');
    return this.status();
  }

  face(evidence: FaceEvidence): CardReplacementStatus {
    this.journey?.face(evidence);
    return this.status();
  }

  backToCards(): CardReplacementStatus {
    this.journey?.backToCards();
    return this.status();
  }

  confirm(locale: ReceiptLocale): CardReplacementStatus {
    const journey = this.journey;
    if (!journey) return this.status();
    this.localeOf(locale);
    this.run(journey.confirm(), 'new card');
    return this.status();
  }

  async cancel(): Promise<CardReplacementStatus> {
    const journey = this.journey;
    if (!journey) return this.status();
    const { phase } = journey.state;
    if (phase === 'idle' || phase === 'stopped') await this.detach('customer left card replacement');
    else await journey.cancel();
    return this.status();
  }

  async finish(): Promise<CardReplacementStatus> {
    const journey = this.journey;
    if (!journey) return this.status();
    if (journey.state.phase === 'done') await journey.finish();
    else if (journey.state.phase === 'stopped') await this.detach('customer left after a stop');
    return this.status();
  }

  /** Idle timeout, Home, a reloaded page: the session's journey ends (an issued card still gets its 30 s at the slot). */
  async sessionEnded(reason: string): Promise<void> {
    const journey = this.journey;
    if (!journey) return;
    await journey.sessionEnded(reason).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'card-replacement: compensation failed'));
    const { phase } = journey.state;
    if (phase === 'idle' || phase === 'stopped') await this.detach(`session ended: ${reason}`);
  }

  async close(): Promise<void> {
    await this.detach('host stopping');
  }

  private async detach(cause: string): Promise<void> {
    const journey = this.journey;
    if (!journey) return;
    this.journey = null;
    this.publish();
    if (journey.state.phase !== 'idle') this.deps.log.info({ phase: journey.state.phase, cause }, 'card-replacement: journey ended with the session');
    await journey.sessionEnded(cause).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'card-replacement: compensation failed'));
  }

  private publish(): void {
    this.seq += 1;
    this.deps.emit(this.status());
  }

  private run(step: Promise<void>, what: string): void {
    step.catch((err: Error) => this.deps.log.warn({ err: err.message, what }, 'card-replacement: step failed'));
  }
}
