// Balances and statements as the host runs them (DESIGN §9, issue 10), after the bill-payment
// machine: named phases, one setter with an allowed-moves table that logs "old → new", a
// deadline on every phase that waits on the customer, and compensations — PIN entry aborted,
// the hub's card session ended, the card released — on every way out.
//
// No money moves, but paper does: a statement prints page by page, each page its own printer
// job, and `nextPage` only advances when the printer reports that page whole. A page the
// printer stopped on (paper out, cover open, error) pauses the journey at that page and prints
// again from it, so no page comes out twice. Only one print loop runs at a time, and a call-off
// (cancel, card removed, session end) waits for the page in the printer before ending.
//
// Each completed enquiry is one outbox row (protocol/account-services-item.ts): the balances
// when the journey ends (with whether they were printed), a mini-statement when the customer
// leaves it, a statement when it is out or was stopped (`printedPages`). A host killed mid-way
// writes no row for balances or a mini-statement it was showing (nothing was finished); a
// statement it was printing is kept on disk page by page (`inPrint`) and recorded as stopped,
// with the pages known to be out, at the next start — its receipt number is already on paper.
import type { AccountServicesPhase, AccountServicesState, AccountServicesStatus, AccountServicesStop, PrintPause, StatementPeriod } from '../../bridge/account-services-contract.js';
import { BALANCE_ENQUIRY_TYPE, MINI_STATEMENT_TYPE, STATEMENT_PRINTED_TYPE, type AccountServiceItem } from '../../../protocol/account-services-item.js';
import type { SealedIdentity } from '../../../protocol/card-security.js';
import type { AccountSummary, DeclineReason, StatementEntry, StatementResponse } from '../../../protocol/core-banking.js';
import type { MachineLogger } from '../assist/assist-machine.js';
import type { AccountCardPort, AccountsBankPort, AccountSlipPrinter, EnquiryBook, SlipLocale, StatementInPrintPort, StatementPolicy } from './account-services-ports.js';
import { HubUnreachableError, systemTimers, type JourneyTimers } from './bill-payment-ports.js';
import { authoriseCard, cardStopOf } from './card-authorisation.js';
import { signInByIdentity, type IdentityAuthorisation } from './identity-authorisation.js';
import { addDays, periodProblem, statementPages, type StatementPage } from './statement-pages.js';

const ALLOWED: Record<AccountServicesPhase, readonly AccountServicesPhase[]> = {
  idle: ['card'],
  card: ['card', 'pin'],
  pin: ['pin', 'authorising'],
  authorising: ['accounts', 'pin'],
  accounts: ['accounts', 'loading', 'statement-period'],
  loading: ['mini-statement', 'statement-period', 'printing', 'accounts'],
  'mini-statement': ['mini-statement', 'accounts'],
  'statement-period': ['statement-period', 'loading', 'accounts'],
  printing: ['printing', 'print-paused', 'statement-done'],
  'print-paused': ['printing', 'accounts', 'statement-done'],
  'statement-done': ['accounts'],
  stopped: ['card'],
};

export function canMove(from: AccountServicesPhase, to: AccountServicesPhase): boolean {
  // A page in the printer finishes first: the print loop itself ends the journey after it.
  if (from === 'printing') return ALLOWED.printing.includes(to);
  return to === 'idle' || to === 'stopped' || ALLOWED[from].includes(to);
}

/** How long each phase waits for the customer before the journey ends with `timeout`. */
export const PHASE_DEADLINE_MS: Partial<Record<AccountServicesPhase, number>> = {
  card: 60_000,
  // The pad has its own entry timeout; this only catches a pad that never answers.
  pin: 75_000,
  accounts: 120_000,
  'mini-statement': 120_000,
  'statement-period': 120_000,
  // Staff may need a while to bring paper; the printer coming back resumes by itself.
  'print-paused': 180_000,
  'statement-done': 60_000,
};

export const MINI_STATEMENT_LIMIT = 10;

export interface AccountServicesDeps {
  bank: AccountsBankPort;
  card: AccountCardPort;
  /** The card port presents a China ID card placed on the ID reader too. */
  acceptsIdCard?: boolean;
  printer: AccountSlipPrinter;
  book: EnquiryBook;
  /** Where the statement now printing is kept for a host that is killed mid-way. */
  inPrint?: StatementInPrintPort;
  policy: StatementPolicy;
  /** A fresh enquiry id (UUIDv7) and the receipt number both ends derive from it. */
  enquiry(): { enquiryId: string; receiptNumber: string };
  log: MachineLogger;
  onChange(status: AccountServicesStatus): void;
  timers?: JourneyTimers;
}

type Enquiry = { enquiryId: string; receiptNumber: string };
type OpenSlip = Enquiry & { printed: boolean; locale: SlipLocale | null };

interface StatementJob extends Enquiry {
  account: AccountSummary;
  period: StatementPeriod;
  locale: SlipLocale;
  pages: StatementPage[];
  truncated: boolean;
  /** The first page not yet out of the printer (1-based); pages before it never print again. */
  nextPage: number;
  /** Set while a page prints: the journey ends with this once that page is out. */
  /** 'session': the journey ends; 'statement': only the statement stops (the customer keeps the balances). */
  callOff: { reason: AccountServicesStop | 'session' | 'statement'; cause: string } | null;
}

type Session = { maskedPan: string; sessionId: string; accounts: AccountSummary[]; balances: OpenSlip };
type Head = { maskedPan: string; account: AccountSummary; period: StatementPeriod; receiptNumber: string; pages: number };

export class AccountServicesJourney {
  private current: AccountServicesStatus = { seq: 0, state: { phase: 'idle' } };
  private deadline: unknown = null;
  private abort = new AbortController();
  private maskedPan: string | null = null;
  /** The hub's card session, until compensation ends it. */
  private sessionId: string | null = null;
  /** What the customer sees of it; cleared once its balance enquiry is recorded. */
  private session: Session | null = null;
  /** The journey's end (records, compensations) once begun: no page starts printing any more. */
  private ending: Promise<void> | null = null;
  private mini: (OpenSlip & { account: AccountSummary; entries: StatementEntry[] }) | null = null;
  private statement: StatementJob | null = null;
  private printLoop: Promise<void> | null = null;
  private stopWatchingCard: (() => void) | null = null;
  private readonly timers: JourneyTimers;

  constructor(private readonly deps: AccountServicesDeps) {
    this.timers = deps.timers ?? systemTimers;
  }

  get state(): AccountServicesState {
    return this.current.state;
  }

  /** The hub card session still open (until finish or a compensation). Only its id: no card data. */
  get cardSessionId(): string | null {
    return this.sessionId;
  }

  status(): AccountServicesStatus {
    return this.current;
  }

  // A call, not a property: the phase is read afresh after every await.
  private phase(): AccountServicesPhase {
    return this.current.state.phase;
  }

  /** The only way the state changes; a move the table forbids is refused and logged. */
  private set(next: AccountServicesState, cause: string): boolean {
    const from = this.current.state.phase;
    if (!canMove(from, next.phase)) {
      this.deps.log.warn({ from, to: next.phase, cause }, `account-services: refused ${from} → ${next.phase}`);
      return false;
    }
    this.current = { seq: this.current.seq + 1, state: next };
    const fields = { from, to: next.phase, cause };
    if (from === next.phase) this.deps.log.debug(fields, `account-services: ${from} → ${next.phase}`);
    else this.deps.log.info(fields, `account-services: ${from} → ${next.phase}`);
    if (from !== next.phase) this.armDeadline(next.phase);
    this.deps.onChange(this.current);
    return true;
  }

  private armDeadline(phase: AccountServicesPhase): void {
    if (this.deadline !== null) this.timers.clearTimeout(this.deadline);
    this.deadline = null;
    const ms = PHASE_DEADLINE_MS[phase];
    if (ms === undefined) return;
    this.deadline = this.timers.setTimeout(() => {
      this.deadline = null;
      if (phase === 'statement-done') void this.finish();
      else void this.stop('timeout', `no answer in ${phase} for ${ms} ms`);
    }, ms);
  }

  /** The customer chose "Balances and statements": card, PIN, then the balances. */
  async start(): Promise<void> {
    const { phase } = this.current.state;
    if (phase !== 'idle' && phase !== 'stopped') return;
    this.abort = new AbortController();
    this.ending = null;
    const signal = this.abort.signal;
    try {
      const answer = await authoriseCard({
        card: this.deps.card,
        bank: this.deps.bank,
        signal,
        phase: () => this.phase(),
        show: (step, cause) => this.set(step.phase === 'card' && this.idCardTaken() ? { ...step, idCard: true } : step, step.phase === 'card' && !step.insertChip ? 'customer chose balances and statements' : cause),
        onCard: (maskedPan) => {
          this.maskedPan = maskedPan;
          this.watchCard();
        },
      });
      const signedIn = answer.outcome === 'identity' ? await this.signInById(answer.sealed, signal) : answer;
      if (signedIn.outcome === 'left') return this.endOrphan(signedIn.orphanSession);
      // Ended (cancel, session end) between the bank's answer and this line: the compensation
      // has run without this session, so it is ended here (found by the random-order property).
      if (signal.aborted) return signedIn.outcome === 'approved' ? this.endOrphan(signedIn.session.sessionId) : undefined;
      if (signedIn.outcome === 'declined') return this.stop('declined', `${answer.outcome === 'identity' ? 'ID card' : 'card'} declined: ${signedIn.reason}`, signedIn.reason);
      // Balances need the bank: nothing here is served offline.
      if (signedIn.outcome === 'unreachable') return this.stop('hub-unreachable', signedIn.error.message);
      // By ID card, the slips name the card whose PIN was checked.
      const maskedPan = signedIn.session.maskedPan;
      this.sessionId = signedIn.session.sessionId;
      this.session = { maskedPan, sessionId: signedIn.session.sessionId, accounts: signedIn.session.accounts, balances: { ...this.deps.enquiry(), printed: false, locale: null } };
      if (signedIn.session.accounts.length === 0) return this.stop('declined', 'the card has no accounts to show', 'unknown-account');
      this.showAccounts(answer.outcome === 'identity' ? 'ID card and PIN authorised' : 'card authorised');
    } catch (err) {
      const stop = cardStopOf(err, signal);
      if (!stop) return;
      if (stop.reason === 'device') this.deps.log.warn({ code: (err as { code?: string }).code, err: (err as Error).message }, 'account-services: device failure');
      await this.stop(stop.reason, stop.cause);
    }
  }

  /** Whether the card step offers the ID card too: the kiosk has an ID reader and the bank signs in by ID. */
  private idCardTaken(): boolean {
    return Boolean(this.deps.acceptsIdCard && this.deps.bank.identityChallenge && this.deps.bank.authoriseIdentity);
  }

  /** An ID card instead of a bank card: the PIN of the holder's debit card, bound to the hub's one-time value. */
  private signInById(identity: SealedIdentity, signal: AbortSignal): Promise<IdentityAuthorisation> {
    return signInByIdentity(this.deps.bank, { identity, card: this.deps.card, signal, phase: () => this.phase(), show: (step, cause) => this.set(step, cause) });
  }


  private watchCard(): void {
    this.stopWatchingCard?.();
    this.stopWatchingCard = this.deps.card.onRemoved?.(() => void this.cardRemoved()) ?? null;
  }

  private async cardRemoved(): Promise<void> {
    if (this.phase() === 'printing') return this.callOff('card-removed', 'card removed while a page printed');
    await this.stop('card-removed', 'card removed');
  }

  private showAccounts(cause: string, extra: { problem?: 'hub-unreachable' | 'declined'; receipt?: 'printing' | 'printed' | 'not-printed' } = {}): boolean {
    const s = this.session;
    if (!s) return false;
    return this.set({ phase: 'accounts', maskedPan: s.maskedPan, accounts: s.accounts.slice(0, 50), receiptNumber: s.balances.receiptNumber, ...extra }, cause);
  }

  async printBalances(locale: SlipLocale): Promise<void> {
    const state = this.current.state;
    const s = this.session;
    if (!s || state.phase !== 'accounts' || state.receipt === 'printing') return;
    this.set({ ...state, receipt: 'printing' }, 'printing the balances');
    const printed = await this.deps.printer.printBalances({ locale, receiptNumber: s.balances.receiptNumber, maskedPan: s.maskedPan, accounts: s.accounts }).catch(() => false);
    if (printed) Object.assign(s.balances, { printed: true, locale });
    const now = this.current.state;
    if (now.phase === 'accounts') this.set({ ...now, receipt: printed ? 'printed' : 'not-printed' }, printed ? 'balances printed' : 'balances not printed');
  }

  async showMiniStatement(accountId: string): Promise<void> {
    const s = this.session;
    const account = s?.accounts.find((a) => a.accountId === accountId);
    if (!s || !account || this.phase() !== 'accounts') return;
    if (!this.set({ phase: 'loading', maskedPan: s.maskedPan, accountId, what: 'mini-statement' }, 'customer asked for the last entries')) return;
    const answer = await this.ask(() => this.deps.bank.miniStatement({ sessionId: s.sessionId, accountId, limit: MINI_STATEMENT_LIMIT }));
    if (this.phase() !== 'loading') return;
    if (answer.outcome !== 'ok') return void this.showAccounts(`mini-statement not answered: ${answer.outcome === 'declined' ? answer.reason : 'hub unreachable'}`, { problem: answer.outcome === 'declined' ? 'declined' : 'hub-unreachable' });
    const entries = answer.entries.slice(0, MINI_STATEMENT_LIMIT);
    this.mini = { ...this.deps.enquiry(), printed: false, locale: null, account: answer.account, entries };
    this.set({ phase: 'mini-statement', maskedPan: s.maskedPan, account: answer.account, entries, receiptNumber: this.mini.receiptNumber }, 'mini-statement answered');
  }

  async printMiniStatement(locale: SlipLocale): Promise<void> {
    const state = this.current.state;
    const mini = this.mini;
    if (!mini || !this.session || state.phase !== 'mini-statement' || state.receipt === 'printing') return;
    this.set({ ...state, receipt: 'printing' }, 'printing the mini-statement');
    const printed = await this.deps.printer
      .printMiniStatement({ locale, receiptNumber: mini.receiptNumber, maskedPan: this.session.maskedPan, account: mini.account, entries: mini.entries })
      .catch(() => false);
    if (printed) Object.assign(mini, { printed: true, locale });
    const now = this.current.state;
    if (now.phase === 'mini-statement') this.set({ ...now, receipt: printed ? 'printed' : 'not-printed' }, printed ? 'mini-statement printed' : 'mini-statement not printed');
  }

  /** The period choice for a statement of this account. */
  chooseStatement(accountId: string): void {
    const s = this.session;
    const account = s?.accounts.find((a) => a.accountId === accountId);
    if (!s || !account || this.phase() !== 'accounts') return;
    this.set({ phase: 'statement-period', maskedPan: s.maskedPan, account, ...this.periodRules() }, 'customer chose a statement');
  }

  private periodRules(): { earliest: string; today: string; maxDays: number } {
    const { policy } = this.deps;
    const today = policy.today();
    return { earliest: addDays(today, -policy.historyDays), today, maxDays: policy.maxDays };
  }

  async printStatement(locale: SlipLocale, period: StatementPeriod): Promise<void> {
    const state = this.current.state;
    const s = this.session;
    if (!s || state.phase !== 'statement-period') return;
    const { account } = state;
    const rules = this.periodRules();
    const base = { phase: 'statement-period' as const, maskedPan: s.maskedPan, account, ...rules };
    if (periodProblem(period, rules)) return void this.set({ ...base, problem: 'too-long' }, `period ${period.from}..${period.to} outside the rules`);
    if (!this.set({ phase: 'loading', maskedPan: s.maskedPan, accountId: account.accountId, what: 'statement' }, `statement ${period.from}..${period.to}`)) return;
    const answer = await this.ask(() => this.deps.bank.statement({ sessionId: s.sessionId, accountId: account.accountId, from: period.from, to: period.to }));
    if (this.phase() !== 'loading') return;
    if (answer.outcome !== 'ok') return void this.showAccounts(`statement not answered: ${answer.outcome === 'declined' ? answer.reason : 'hub unreachable'}`, { problem: answer.outcome === 'declined' ? 'declined' : 'hub-unreachable' });
    if (answer.truncated) this.deps.log.warn({ entries: answer.entries.length }, 'account-services: the bank cut the statement short; the last page says so');
    const pages = statementPages(answer.entries, this.deps.policy.entriesPerPage);
    if (pages.length === 0) return void this.set({ ...base, problem: 'no-entries' }, 'no entries in the period');
    this.statement = { ...this.deps.enquiry(), account: answer.account, period, locale, pages, truncated: answer.truncated, nextPage: 1, callOff: null };
    this.startPrinting();
  }

  // A bank call the journey waits on: the hub unreachable is an answer too (the list stays).
  private async ask(call: () => Promise<StatementResponse>): Promise<StatementResponse | { outcome: 'unreachable' }> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof HubUnreachableError)) this.deps.log.warn({ err: (err as Error).message }, 'account-services: bank request failed');
      return { outcome: 'unreachable' };
    }
  }

  /** After print-paused: the rest prints from the page that failed (customer or staff asked, or the printer is ready again). */
  resumePrint(cause: string): void {
    if (this.phase() !== 'print-paused' || this.printLoop || this.ending) return;
    this.startPrinting(cause);
  }

  private startPrinting(cause = 'statement pages'): void {
    const loop = this.printPages(cause).finally(() => {
      if (this.printLoop === loop) this.printLoop = null;
    });
    this.printLoop = loop;
  }

  private async printPages(cause: string): Promise<void> {
    const job = this.statement;
    const s = this.session;
    if (!job || !s) return;
    const head: Head = { maskedPan: s.maskedPan, account: job.account, period: job.period, receiptNumber: job.receiptNumber, pages: job.pages.length };
    while (job.nextPage <= job.pages.length) {
      if (this.ending) return;
      const page = job.pages[job.nextPage - 1];
      if (!page) return;
      // Kept before the page is shown as printing: whatever is seen printing is on disk already.
      await this.keepInPrint(job);
      if (!this.set({ phase: 'printing', ...head, page: page.page }, job.nextPage === 1 ? cause : `page ${page.page}`)) return;
      const last = page.page === job.pages.length;
      const outcome = await this.deps.printer
        .printStatementPage({ locale: job.locale, receiptNumber: job.receiptNumber, account: job.account, period: job.period, page: page.page, pages: page.pages, entries: page.entries, broughtForward: page.broughtForward, carriedForward: page.carriedForward, truncated: last && job.truncated })
        .catch((err: Error): { printed: false; pause: PrintPause } => {
          this.deps.log.warn({ err: err.message, page: page.page }, 'account-services: page not printed');
          return { printed: false, pause: 'printer-error' };
        });
      if (outcome.printed) job.nextPage = page.page + 1;
      if (job.callOff) return this.calledOff(job, head);
      if (!outcome.printed) {
        this.set({ phase: 'print-paused', ...head, page: page.page, reason: outcome.pause }, `page ${page.page} stopped: ${outcome.pause}`);
        return;
      }
    }
    await this.recordStatement(job);
    this.set({ phase: 'statement-done', ...head, printedPages: job.pages.length }, 'statement printed');
  }

  private async calledOff(job: StatementJob, head: Head): Promise<void> {
    const callOff = job.callOff;
    // The page now in the printer came out (or not): leave `printing` for good.
    this.set({ phase: 'statement-done', ...head, printedPages: job.nextPage - 1 }, 'statement called off');
    await this.recordStatement(job);
    if (callOff && callOff.reason !== 'session' && callOff.reason !== 'statement') await this.stop(callOff.reason, callOff.cause);
  }

  /** Stop printing while paused: what is out is the statement; the done screen says how many pages. */
  private async stopPausedStatement(): Promise<void> {
    const job = this.statement;
    const s = this.session;
    if (!job || !s) return;
    this.set({ phase: 'statement-done', maskedPan: s.maskedPan, account: job.account, period: job.period, receiptNumber: job.receiptNumber, pages: job.pages.length, printedPages: job.nextPage - 1 }, 'customer stopped the paused statement');
    await this.recordStatement(job);
  }

  private callOff(reason: AccountServicesStop | 'session' | 'statement', cause: string): void {
    if (this.statement && !this.statement.callOff) this.statement.callOff = { reason, cause };
  }

  private statementFacts(job: StatementJob) {
    return {
      enquiryId: job.enquiryId,
      receiptNumber: job.receiptNumber,
      locale: job.locale,
      maskedAccount: job.account.maskedNumber,
      period: job.period,
      pages: job.pages.length,
      printedPages: job.nextPage - 1,
      truncated: job.truncated,
    };
  }

  // Before each page: a kill from here on leaves a record of the pages out so far.
  private async keepInPrint(job: StatementJob): Promise<void> {
    await this.deps.inPrint?.save(this.statementFacts(job)).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'account-services: statement in print not kept'));
  }

  /** One row per statement, whether every page came out or it was stopped; never twice. */
  private async recordStatement(job: StatementJob): Promise<void> {
    if (this.statement !== job) return;
    this.statement = null;
    const facts = this.statementFacts(job);
    await this.record({ type: STATEMENT_PRINTED_TYPE, item: { ...facts, outcome: facts.printedPages === facts.pages ? 'printed' : 'stopped' } });
    await this.deps.inPrint?.clear().catch((err: Error) => this.deps.log.warn({ err: err.message }, 'account-services: statement in print not cleared'));
  }

  private async recordMini(): Promise<void> {
    const mini = this.mini;
    this.mini = null;
    if (mini) await this.record({ type: MINI_STATEMENT_TYPE, item: { enquiryId: mini.enquiryId, receiptNumber: mini.receiptNumber, locale: mini.locale, maskedAccount: mini.account.maskedNumber, entryCount: mini.entries.length, printed: mini.printed } });
  }

  private async record(row: AccountServiceItem): Promise<void> {
    await this.deps.book.record(row).catch((err: Error) => this.deps.log.warn({ type: row.type, receiptNumber: row.item.receiptNumber, err: err.message }, 'account-services: enquiry not recorded'));
  }

  /** Back to the balances from a mini-statement, a period choice, a paused or a finished statement. */
  async backToAccounts(): Promise<void> {
    const { phase } = this.current.state;
    if (phase !== 'mini-statement' && phase !== 'statement-period' && phase !== 'print-paused' && phase !== 'statement-done' && phase !== 'accounts') return;
    await this.recordMini();
    if (this.statement) await this.recordStatement(this.statement);
    const s = this.session;
    if (!s) return;
    // Fresh balances if the bank answers (the list stays either way).
    let problem: 'hub-unreachable' | 'declined' | undefined;
    try {
      const answer = await this.deps.bank.accounts(s.sessionId);
      if (answer.outcome === 'ok' && answer.accounts.length > 0) s.accounts = answer.accounts;
      else if (answer.outcome === 'declined') problem = 'declined';
    } catch (err) {
      if (!(err instanceof HubUnreachableError)) this.deps.log.warn({ err: (err as Error).message }, 'account-services: balances not refreshed');
      problem = 'hub-unreachable';
    }
    if (this.session !== s || this.phase() !== phase) return;
    this.showAccounts('back to the balances', problem ? { problem } : {});
  }

  /**
   * Cancel by the customer. During a statement it is "Stop printing": the page in the printer
   * comes out, the rest is not printed, and the done screen says how many pages are out (the
   * customer may still go back to the balances). Elsewhere the journey ends.
   */
  async cancel(): Promise<boolean> {
    if (this.phase() === 'printing') {
      this.callOff('statement', 'customer stopped the statement while a page printed');
      return true;
    }
    if (this.phase() === 'print-paused') {
      await this.stopPausedStatement();
      return true;
    }
    await this.stop('customer', 'customer cancelled');
    return true;
  }

  /** Done (or the finished statement's deadline): records, compensations, idle. */
  async finish(): Promise<void> {
    if (this.phase() === 'idle') return;
    await this.end('journey finished');
  }

  /** The session ended (idle timeout, Home, a new customer): as finish, after a page in the printer. */
  async sessionEnded(): Promise<void> {
    if (this.phase() === 'idle') return;
    await this.end('session ended');
  }

  private async end(cause: string): Promise<void> {
    await this.waitForPage();
    // A stop already under way finishes first; either way the journey ends once.
    await this.wrapUp();
    this.set({ phase: 'idle' }, cause);
  }

  private wrapUp(): Promise<void> {
    this.ending ??= (async () => {
      await this.closeEnquiries();
      await this.compensate();
    })();
    return this.ending;
  }

  // A page in the printer is let out before the journey ends: it is counted, never torn off.
  private async waitForPage(): Promise<void> {
    const loop = this.printLoop;
    if (!loop) return;
    this.callOff('session', 'the journey ends');
    await loop;
  }

  private async stop(reason: AccountServicesStop, cause: string, declined?: DeclineReason): Promise<void> {
    const { phase } = this.current.state;
    if (phase === 'idle' || phase === 'stopped') return;
    if (phase === 'printing') return this.callOff(reason, cause);
    if (this.ending) return this.ending;
    await this.wrapUp();
    this.set({ phase: 'stopped', reason, ...(declined ? { declined } : {}) }, cause);
  }

  private async closeEnquiries(): Promise<void> {
    await this.recordMini();
    if (this.statement) await this.recordStatement(this.statement);
    const s = this.session;
    if (!s) return;
    const balances = s.balances;
    // Recorded once: a second end finds the session gone.
    this.session = null;
    await this.record({ type: BALANCE_ENQUIRY_TYPE, item: { enquiryId: balances.enquiryId, receiptNumber: balances.receiptNumber, locale: balances.locale, maskedAccounts: s.accounts.map((a) => a.maskedNumber).slice(0, 50), printed: balances.printed } });
  }

  // Approved after the journey had already ended and compensated: that session ends too.
  private async endOrphan(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.deps.bank.endSession(sessionId).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'account-services: card session not ended (it expires)'));
  }

  // Every effect so far, undone: PIN entry and card wait aborted, hub session ended, card released.
  private async compensate(): Promise<void> {
    this.abort.abort();
    this.stopWatchingCard?.();
    this.stopWatchingCard = null;
    const sessionId = this.sessionId;
    this.sessionId = null;
    this.session = null;
    this.mini = null;
    this.statement = null;
    if (sessionId) await this.deps.bank.endSession(sessionId).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'account-services: card session not ended (it expires)'));
    const hadCard = this.maskedPan !== null;
    this.maskedPan = null;
    if (hadCard) await this.deps.card.release().catch((err: Error) => this.deps.log.warn({ err: err.message }, 'account-services: card not released'));
  }
}
