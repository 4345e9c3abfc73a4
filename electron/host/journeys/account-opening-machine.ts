// Account opening as the host runs it (issue 11, DESIGN §9): named phases, one setter with an
// allowed-moves table that logs "old → new", a deadline on every phase that waits on someone,
// and a compensation for each effect. The rule it keeps: no half-opened account.
//  - The document's full fields, its photo, the face evidence, the signature and the KYC answers
//    live in this object only, until the application is filed (they go to the hub, nowhere else)
//    and are dropped when the journey ends, whichever way.
//  - The outbox row is booked before the hub sees the application (its id is the application
//    id) and follows it: filed, approved or declined with the signed decision, opened with the
//    bank's answer. A customer who leaves, an expert who never comes, a hub that stops answering:
//    the application is withdrawn at the hub (or marked for withdrawal, sent every minute until
//    the hub confirms), so no later approval opens an account nobody is there for.
//  - The expert's decision arrives on the signaling socket; the status route is polled as well,
//    in case that message is lost.
import type { AccountOpeningPhase, AccountOpeningState, AccountOpeningStop } from '../../bridge/account-opening-contract.js';
import type { Consent, DocumentProblem, DocumentRead, FaceEvidence, InlineImage, KycAnswers, SignedDecision, WithdrawReason } from '../../../protocol/account-opening.js';
import { ACCOUNT_OPEN_ACTION } from '../../../protocol/account-opening.js';
import { dayOf, isExpiredOn, oldEnoughOn } from '../../../protocol/document-dates.js';
import type { MachineLogger } from '../assist/assist-machine.js';
import { maskDocument } from './account-opening-fields.js';
import type { AccountOpeningBankPort, ApplicationBook, ApplicationProgress, CardOfferPort, DocumentPort, ExpertPort, PushedDecision, WelcomeReceiptPort } from './account-opening-ports.js';
import { HubUnreachableError, systemTimers, type JourneyTimers } from './bill-payment-ports.js';

const ALLOWED: Record<AccountOpeningPhase, readonly AccountOpeningPhase[]> = {
  idle: ['document'],
  document: ['document', 'confirm'],
  confirm: ['document', 'face', 'consent'],
  face: ['face', 'consent'],
  consent: ['kyc'],
  kyc: ['submitting'],
  submitting: ['approval'],
  approval: ['opening'],
  opening: ['opened'],
  opened: ['opened'],
  stopped: ['document'],
};

export function canMove(from: AccountOpeningPhase, to: AccountOpeningPhase): boolean {
  return to === 'idle' || to === 'stopped' || ALLOWED[from].includes(to);
}

/** How long each phase waits for the customer before the journey ends with `timeout` (approval: the SLA). */
export const PHASE_DEADLINE_MS: Partial<Record<AccountOpeningPhase, number>> = { document: 90_000, confirm: 90_000, face: 180_000, consent: 300_000, kyc: 180_000, opened: 120_000 };
/** Default time for an expert to take the call (config accountOpening.expertSlaMs). */
export const EXPERT_SLA_MS = 180_000;
/** How often the hub is asked for the decision, in case its message on the socket was lost. */
export const STATUS_POLL_MS = 2_000;
/** The longest an application waits in approval, in a call or not. */
export const MAX_APPROVAL_MS = 15 * 60_000;
/** Status polls that may fail in a row before the hub counts as gone. */
export const MAX_POLL_FAILURES = 8;
/** Face checks that did not match before the journey stops. */
export const MAX_FACE_TRIES = 3;
/** Tries at asking the bank to open an approved application (idempotent) before giving up. */
const OPEN_TRIES = 3;

export interface AccountOpeningDeps {
  bank: AccountOpeningBankPort;
  documents: DocumentPort;
  expert: ExpertPort;
  book: ApplicationBook;
  receipt: WelcomeReceiptPort;
  cardOffer: CardOfferPort;
  log: MachineLogger;
  onChange(state: AccountOpeningState): void;
  /** The terms version the page shows (the consent must name it). */
  consentVersion: string;
  /** The face check's threshold, handed to the page. */
  faceThreshold: number;
  expertSlaMs?: number;
  now?: () => number;
  /** The time zone of the kiosk's calendar day for expiry and age; default: the machine's own. */
  timeZone?: string;
  timers?: JourneyTimers;
}

/** What the customer gave, held until the journey ends. */
interface Held {
  document: DocumentRead | null;
  idPhoto: InlineImage | null;
  face: FaceEvidence | null;
  consent: Consent | null;
  kyc: KycAnswers | null;
  locale: 'zh-CN' | 'en';
}

const emptyHeld = (): Held => ({ document: null, idPhoto: null, face: null, consent: null, kyc: null, locale: 'zh-CN' });

const withdrawReasonOf: Record<AccountOpeningStop, WithdrawReason> = {
  customer: 'customer',
  timeout: 'timeout',
  'document-expired': 'customer',
  'under-age': 'customer',
  'face-check': 'face-check',
  declined: 'customer',
  'no-expert': 'no-expert',
  device: 'device',
  'hub-unreachable': 'timeout',
  'bank-refused': 'customer',
};

export class AccountOpeningJourney {
  private current: AccountOpeningState = { phase: 'idle' };
  private deadline: unknown = null;
  private poll: unknown = null;
  private abort = new AbortController();
  private held: Held = emptyHeld();
  /** The filed application (outbox row id), until it is opened, declined or withdrawn. */
  private applicationId: string | null = null;
  /** The application reached an end the hub knows (opened, declined, refused, withdrawn): nothing to withdraw. */
  private settled = false;
  private offDecision: (() => void) | null = null;
  private approvalStartedAt = 0;
  private pollFailures = 0;
  private readonly timers: JourneyTimers;
  private readonly now: () => number;

  constructor(private readonly deps: AccountOpeningDeps) {
    this.timers = deps.timers ?? systemTimers;
    this.now = deps.now ?? Date.now;
  }

  get state(): AccountOpeningState {
    return this.current;
  }

  private phase(): AccountOpeningPhase {
    return this.current.phase;
  }

  private set(next: AccountOpeningState, cause: string): boolean {
    const from = this.current.phase;
    if (!canMove(from, next.phase)) {
      this.deps.log.warn({ from, to: next.phase, cause }, `account-opening: refused ${from} → ${next.phase}`);
      return false;
    }
    this.current = next;
    if (from === next.phase) this.deps.log.debug({ from, to: next.phase, cause }, `account-opening: ${from} → ${next.phase}`);
    else {
      this.deps.log.info({ from, to: next.phase, cause }, `account-opening: ${from} → ${next.phase}`);
      this.armDeadline(next.phase);
    }
    this.deps.onChange(next);
    return true;
  }

  private clearTimer(handle: unknown): null {
    if (handle !== null) this.timers.clearTimeout(handle);
    return null;
  }

  private armDeadline(phase: AccountOpeningPhase): void {
    this.deadline = this.clearTimer(this.deadline);
    const ms = phase === 'approval' ? (this.deps.expertSlaMs ?? EXPERT_SLA_MS) : PHASE_DEADLINE_MS[phase];
    if (ms === undefined) return;
    this.deadline = this.timers.setTimeout(() => {
      this.deadline = null;
      if (this.phase() !== phase) return;
      if (phase === 'opened') return void this.finish();
      if (phase === 'approval') return this.approvalDeadline();
      void this.stop('timeout', `no answer in ${phase} for ${ms} ms`);
    }, ms);
  }

  /** The SLA passed: an expert in the call keeps the application waiting (up to MAX_APPROVAL_MS); nobody → withdrawn. */
  private approvalDeadline(): void {
    if (this.deps.expert.inCall() && this.now() - this.approvalStartedAt < MAX_APPROVAL_MS) {
      this.deadline = this.timers.setTimeout(() => {
        this.deadline = null;
        if (this.phase() === 'approval') this.approvalDeadline();
      }, 5_000);
      return;
    }
    void this.stop('no-expert', 'no expert decided within the SLA');
  }

  private today(): string {
    return dayOf(new Date(this.now()), this.deps.timeZone);
  }

  /** "Open an account": wait for a document on a reader. */
  async start(): Promise<void> {
    const { phase } = this.current;
    if (phase !== 'idle' && phase !== 'stopped') return;
    this.abort = new AbortController();
    this.held = emptyHeld();
    this.applicationId = null;
    this.settled = false;
    if (!this.deps.documents.hasReader()) return void this.set({ phase: 'stopped', reason: 'device' }, 'no ID reader can read');
    await this.readDocument(undefined);
  }

  private async readDocument(problem: DocumentProblem | undefined): Promise<void> {
    const signal = this.abort.signal;
    if (!this.showDocument(problem)) return;
    for (;;) {
      let reading;
      try {
        reading = await this.deps.documents.next(signal);
      } catch (err) {
        if (signal.aborted) return;
        return this.stop('device', `ID reader: ${(err as Error).message}`);
      }
      if (signal.aborted || this.phase() !== 'document') return;
      if (reading.outcome === 'problem') {
        if (!this.showDocument(reading.problem)) return;
        continue;
      }
      const { document, photo } = reading;
      const today = this.today();
      if (isExpiredOn(document.validTo, today)) return this.stop('document-expired', 'the document has expired');
      if (!oldEnoughOn(document.birthDate, today)) return this.stop('under-age', 'younger than the minimum age');
      this.held.document = document;
      this.held.idPhoto = photo;
      this.set({ phase: 'confirm', fields: maskDocument(document) }, `${document.kind} read`);
      return;
    }
  }

  private showDocument(problem: DocumentProblem | undefined): boolean {
    return this.set({ phase: 'document', passportReader: this.deps.documents.hasPassportReader(), ...(problem ? { problem } : {}) }, problem ? `document problem: ${problem}` : 'waiting for a document');
  }

  confirmDocument(): void {
    if (this.phase() !== 'confirm' || !this.held.document) return;
    const photo = this.held.idPhoto;
    if (photo) {
      this.set({ phase: 'face', idPhoto: photo, threshold: this.deps.faceThreshold, tries: 0 }, 'customer confirmed the document');
      return;
    }
    // No photo to compare with (a passport, or a card photo this kiosk cannot decode): the expert checks the face on video.
    this.held.face = { outcome: 'needs-staff', reason: 'check-unavailable' };
    this.set({ phase: 'consent', version: this.deps.consentVersion }, 'customer confirmed the document; no ID photo, the expert checks the face');
  }

  async rereadDocument(): Promise<void> {
    if (this.phase() !== 'confirm') return;
    this.held.document = null;
    this.held.idPhoto = null;
    await this.readDocument(undefined);
  }

  /** The page's face check: a match (or a step the expert takes over) goes on; a miss counts a try. */
  face(evidence: FaceEvidence): void {
    const state = this.current;
    if (state.phase !== 'face') return;
    if (evidence.outcome === 'checked' && evidence.result.decision !== 'match') {
      const tries = state.tries + 1;
      if (tries >= MAX_FACE_TRIES) return void this.stop('face-check', `face check: ${evidence.result.decision} ${tries} times`);
      this.set({ ...state, tries }, `face check: ${evidence.result.decision}`);
      return;
    }
    this.held.face = evidence;
    this.set({ phase: 'consent', version: this.deps.consentVersion }, evidence.outcome === 'checked' ? 'face matched' : `face: the expert checks (${evidence.reason})`);
  }

  /** The signed terms; false (nothing changes) when they name another version than the one shown. */
  consent(consent: Consent): boolean {
    if (this.phase() !== 'consent') return true;
    if (consent.version !== this.deps.consentVersion) {
      this.deps.log.warn({ version: consent.version }, 'account-opening: consent for another terms version refused');
      return false;
    }
    this.held.consent = consent;
    this.set({ phase: 'kyc' }, 'terms signed');
    return true;
  }

  /** The KYC answers: the application is booked, then filed at the hub. */
  async kyc(answers: KycAnswers, locale: 'zh-CN' | 'en'): Promise<void> {
    if (this.phase() !== 'kyc') return;
    this.held.kyc = answers;
    this.held.locale = locale;
    const { document, idPhoto, face, consent } = this.held;
    if (!document || !face || !consent || !this.set({ phase: 'submitting' }, 'KYC answered')) return;
    const signal = this.abort.signal;
    let id: string;
    try {
      ({ id } = await this.deps.book.book({ document: document.kind, face: face.outcome }));
    } catch (err) {
      // Refused by the outbox's admission (hub offline, storage full): nothing was filed.
      return this.stop('hub-unreachable', `application not booked: ${(err as { code?: string }).code ?? (err as Error).message}`);
    }
    // The customer left while the row was booked: it never reaches the hub.
    if (signal.aborted) return void (await this.deps.book.keep(id, { status: 'withdrawn' }).catch(() => undefined));
    this.applicationId = id;
    let answer;
    try {
      answer = await this.deps.bank.fileApplication({ applicationId: id, document, ...(idPhoto ? { idPhoto } : {}), face, consent, kyc: answers, locale });
    } catch (err) {
      if (signal.aborted) return;
      await this.keep({ status: 'unknown' });
      return this.stop(err instanceof HubUnreachableError ? 'hub-unreachable' : 'device', `application not filed: ${(err as Error).message}`);
    }
    // The customer left while it was being filed: the withdrawal may have reached the hub first, so withdraw what was filed.
    if (signal.aborted) return answer.outcome === 'filed' ? this.withdraw(id, 'customer') : undefined;
    if (answer.outcome === 'refused') {
      this.settled = true;
      await this.keep({ status: 'refused', reason: answer.reason });
      const reason: AccountOpeningStop = answer.reason === 'under-age' || answer.reason === 'document-expired' ? answer.reason : 'bank-refused';
      return this.stop(reason, `application refused: ${answer.reason}`, reason === 'bank-refused' ? answer.reason : undefined);
    }
    await this.keep({ status: 'filed' });
    this.approvalStartedAt = this.now();
    this.pollFailures = 0;
    this.offDecision = this.deps.expert.onDecision((d) => void this.pushed(d));
    const summary = `${document.kind === 'cn-id' ? 'China ID card' : 'passport'}; face ${face.outcome === 'checked' ? 'checked' : 'for the expert'}`;
    if (!this.set({ phase: 'approval', applicationId: id, summary, deadline: this.now() + (this.deps.expertSlaMs ?? EXPERT_SLA_MS) }, 'application filed')) return;
    this.schedulePoll();
  }

  private async keep(progress: ApplicationProgress): Promise<void> {
    const id = this.applicationId;
    if (!id) return;
    await this.deps.book.keep(id, progress).catch((err: Error) => this.deps.log.warn({ outboxId: id, err: err.message }, 'account-opening: progress not kept with the row'));
  }

  private schedulePoll(): void {
    this.poll = this.clearTimer(this.poll);
    this.poll = this.timers.setTimeout(() => {
      this.poll = null;
      void this.pollStatus();
    }, STATUS_POLL_MS);
  }

  private async pollStatus(): Promise<void> {
    const id = this.applicationId;
    if (!id || this.phase() !== 'approval') return;
    let answer;
    try {
      answer = await this.deps.bank.applicationStatus(id);
      this.pollFailures = 0;
    } catch (err) {
      this.pollFailures += 1;
      if (this.pollFailures >= MAX_POLL_FAILURES && this.phase() === 'approval') return this.stop('hub-unreachable', `status not answered ${this.pollFailures} times: ${(err as Error).message}`);
      return this.phase() === 'approval' ? this.schedulePoll() : undefined;
    }
    if (this.phase() !== 'approval' || this.applicationId !== id) return;
    if (answer.outcome === 'ok' && answer.decision && (answer.status === 'approved' || answer.status === 'declined')) return this.decided(answer.decision, 'polled');
    if (answer.outcome === 'ok' && answer.status === 'withdrawn') {
      this.settled = true;
      await this.keep({ status: 'withdrawn' });
      return this.stop('timeout', 'the hub says the application was withdrawn');
    }
    this.schedulePoll();
  }

  private async pushed(d: PushedDecision): Promise<void> {
    if (d.action !== ACCOUNT_OPEN_ACTION || d.authRequestId !== this.applicationId) return;
    await this.decided({ decisionId: d.decisionId, decision: d.decision, decidedAt: d.decidedAt, signature: d.signature }, 'signaling');
  }

  private async decided(decision: SignedDecision, via: string): Promise<void> {
    if (this.phase() !== 'approval') return;
    this.poll = this.clearTimer(this.poll);
    this.offDecision?.();
    this.offDecision = null;
    if (decision.decision === 'decline') {
      this.settled = true;
      await this.keep({ status: 'declined', decision });
      return this.stop('declined', `the expert declined (${via})`);
    }
    await this.keep({ status: 'approved', decision });
    if (!this.set({ phase: 'opening' }, `the expert approved (${via})`)) return;
    await this.open();
  }

  private async open(): Promise<void> {
    const id = this.applicationId;
    if (!id) return;
    let answer;
    for (let attempt = 1; ; attempt += 1) {
      try {
        answer = await this.deps.bank.openAccount(id);
        break;
      } catch (err) {
        if (!(err instanceof HubUnreachableError) || attempt >= OPEN_TRIES) return this.stop('hub-unreachable', `account not opened: ${(err as Error).message}`);
        await new Promise<void>((resolve) => this.timers.setTimeout(resolve, 1_000 * attempt));
      }
    }
    if (answer.outcome === 'refused') {
      if (answer.reason === 'withdrawn' || answer.reason === 'declined') this.settled = true;
      await this.keep(answer.reason === 'withdrawn' ? { status: 'withdrawn' } : { status: 'refused', reason: answer.reason });
      return this.stop(answer.reason === 'declined' ? 'declined' : 'bank-refused', `account not opened: ${answer.reason}`, answer.reason === 'declined' ? undefined : answer.reason);
    }
    this.settled = true;
    await this.keep({ status: 'opened', reference: answer.reference, maskedAccount: answer.maskedAccount, decision: answer.decision });
    // The account exists: the personal data has done its work.
    this.held = emptyHeld();
    const cardOffer = await this.deps.cardOffer.available(id).catch(() => false);
    const opened = { phase: 'opened' as const, maskedAccount: answer.maskedAccount, reference: answer.reference, cardOffer };
    if (!this.set({ ...opened, receipt: 'printing' }, 'account opened')) return;
    const printed = await this.deps.receipt.print({ maskedAccount: answer.maskedAccount, reference: answer.reference, at: new Date(this.now()) }).catch(() => false);
    if (this.phase() === 'opened') this.set({ ...opened, receipt: printed ? 'printed' : 'not-printed' }, printed ? 'welcome receipt printed' : 'welcome receipt not printed');
  }

  /** The customer leaves (until the bank is asked to open the account). */
  async cancel(): Promise<void> {
    const phase = this.phase();
    if (phase === 'opening' || phase === 'opened') return;
    await this.stop('customer', 'customer cancelled');
  }

  /** Back to idle after `opened` or `stopped`: every personal datum dropped. */
  async finish(): Promise<void> {
    const phase = this.phase();
    if (phase !== 'opened' && phase !== 'stopped') return;
    await this.compensate('customer');
    this.set({ phase: 'idle' }, 'customer finished');
  }

  /** The kiosk session ended (idle timeout, Home): like a cancel; an account being opened finishes first. */
  async sessionEnded(reason: string): Promise<void> {
    const phase = this.phase();
    if (phase === 'idle' || phase === 'opening') return;
    if (phase === 'opened' || phase === 'stopped') return this.finish();
    await this.stop('customer', `session ended: ${reason}`);
  }

  private async stop(reason: AccountOpeningStop, cause: string, declined?: string): Promise<void> {
    const { phase } = this.current;
    if (phase === 'idle' || phase === 'stopped') return;
    await this.compensate(withdrawReasonOf[reason]);
    this.set({ phase: 'stopped', reason, ...(declined ? { declined: declined.slice(0, 40) } : {}) }, cause);
  }

  // Every effect so far, undone: waits aborted, a filed application withdrawn (or marked so), the personal data dropped.
  private async compensate(reason: WithdrawReason): Promise<void> {
    this.abort.abort();
    this.deadline = this.clearTimer(this.deadline);
    this.poll = this.clearTimer(this.poll);
    this.offDecision?.();
    this.offDecision = null;
    this.held = emptyHeld();
    const id = this.applicationId;
    this.applicationId = null;
    if (!id || this.settled) return;
    this.settled = true;
    await this.withdraw(id, reason);
  }

  /** Withdraws at the hub, the row marked first so that a hub that does not answer gets it again every minute. */
  private async withdraw(id: string, reason: WithdrawReason): Promise<void> {
    await this.deps.book.keep(id, { status: 'withdraw-pending', reason }).catch((err: Error) => this.deps.log.warn({ outboxId: id, err: err.message }, 'account-opening: withdrawal not kept with the row'));
    try {
      const answer = await this.deps.bank.withdrawApplication(id, reason);
      if (answer.outcome === 'ok') await this.deps.book.keep(id, withdrawnProgress(answer.status));
      this.deps.log.info({ outboxId: id, reason, status: answer.outcome === 'ok' ? answer.status : answer.reason }, 'account-opening: application withdrawn');
    } catch (err) {
      this.deps.log.warn({ outboxId: id, err: (err as Error).message }, 'account-opening: withdrawal not answered; sent again later');
    }
  }
}

/** What a withdrawal's answer leaves on the row: the hub's final word, or still pending. */
export function withdrawnProgress(status: string): ApplicationProgress {
  if (status === 'withdrawn') return { status: 'withdrawn' };
  if (status === 'declined') return { status: 'refused', reason: 'declined' };
  // The bank opened it before the kiosk gave up (a kill between the open and its answer).
  if (status === 'opened') return { status: 'opened-unattended' };
  return { status: 'withdraw-pending', reason: 'host-restart' };
}

