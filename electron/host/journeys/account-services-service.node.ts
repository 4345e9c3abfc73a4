// Balances and statements as a host service: one AccountServicesJourney per customer session,
// its state sent to the page as `accounts.state`, the page's choices taken as bridge requests,
// and the receipt printer coming back to ready handed to a journey paused mid-statement. A new
// session (start after another customer, session.ended, session.opened) detaches the last
// journey: it is compensated (records written, card released, card session ended) and never
// again speaks to the page, so no customer sees another's balances.
import type { AccountServicesStatus, StatementPeriod } from '../../bridge/account-services-contract.js';
import type { CardKey } from '../../../protocol/card-security.js';
import type { MachineLogger } from '../assist/assist-machine.js';
import { AccountServicesJourney } from './account-services-machine.js';
import type { AccountCardPort, AccountsBankPort, AccountSlipPrinter, EnquiryBook, SlipLocale, StatementInPrintPort, StatementPolicy } from './account-services-ports.js';
import type { JourneyTimers } from './bill-payment-ports.js';

export interface AccountServicesServiceDeps {
  bank: AccountsBankPort & { cardKey(): Promise<CardKey> };
  /** A fresh card port per journey: a detached journey's release can never free the next card. */
  cardPort(): AccountCardPort;
  /** Whether a journey starting now offers the ID card too (an ID reader is there and working). */
  acceptsIdCard?(): boolean;
  printer: AccountSlipPrinter;
  book: EnquiryBook;
  inPrint?: StatementInPrintPort;
  policy: StatementPolicy;
  enquiry(): { enquiryId: string; receiptNumber: string };
  /** The card readers seal cards to the hub's key once they have it. */
  setCardKey(key: CardKey): Promise<void>;
  /** The receipt printer is ready again (paper replaced, cover shut); returns the unsubscribe. */
  onPrinterReady(cb: () => void): () => void;
  emit(status: AccountServicesStatus): void;
  log: MachineLogger;
  timers?: JourneyTimers;
}

const idleStatus = (seq: number): AccountServicesStatus => ({ seq, state: { phase: 'idle' } });

export class AccountServicesService {
  private journey: AccountServicesJourney | null = null;
  private seq = 0;
  private cardKeyId: string | null = null;
  private readonly stopPrinterWatch: () => void;

  constructor(private readonly deps: AccountServicesServiceDeps) {
    this.stopPrinterWatch = deps.onPrinterReady(() => this.journey?.resumePrint('the printer is ready again'));
  }

  /** The page's view: the current journey's state under the service's own sequence. */
  status(): AccountServicesStatus {
    return this.journey ? { seq: this.seq, state: this.journey.state } : idleStatus(this.seq);
  }

  /** The card session still open when the customer taps Done, for a recommendation's consent flag (issue 13). */
  sessionForRecommendation(): string | null {
    return this.journey?.cardSessionId ?? null;
  }

  /** The hub's card-data key, to the card readers; again at every start until it worked once. */
  async ensureCardKey(): Promise<boolean> {
    if (this.cardKeyId) return true;
    try {
      const key = await this.deps.bank.cardKey();
      await this.deps.setCardKey(key);
      this.cardKeyId = key.keyId;
      return true;
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'account-services: no card-data key from the hub yet');
      return false;
    }
  }

  async start(): Promise<AccountServicesStatus> {
    await this.detach('a new balances journey started');
    const journey = new AccountServicesJourney({
      bank: this.deps.bank,
      card: this.deps.cardPort(),
      acceptsIdCard: this.deps.acceptsIdCard?.() ?? false,
      printer: this.deps.printer,
      book: this.deps.book,
      ...(this.deps.inPrint ? { inPrint: this.deps.inPrint } : {}),
      policy: this.deps.policy,
      enquiry: this.deps.enquiry,
      log: this.deps.log,
      ...(this.deps.timers ? { timers: this.deps.timers } : {}),
      onChange: () => {
        if (this.journey === journey) this.publish();
      },
    });
    this.journey = journey;
    void this.ensureCardKey();
    this.run(journey.start(), 'card and PIN');
    return this.status();
  }

  printBalances(locale: SlipLocale): AccountServicesStatus {
    return this.step((j) => j.printBalances(locale), 'balance slip');
  }

  showMiniStatement(accountId: string): AccountServicesStatus {
    return this.step((j) => j.showMiniStatement(accountId), 'mini-statement');
  }

  printMiniStatement(locale: SlipLocale): AccountServicesStatus {
    return this.step((j) => j.printMiniStatement(locale), 'mini-statement slip');
  }

  chooseStatement(accountId: string): AccountServicesStatus {
    this.journey?.chooseStatement(accountId);
    return this.status();
  }

  printStatement(locale: SlipLocale, period: StatementPeriod): AccountServicesStatus {
    return this.step((j) => j.printStatement(locale, period), 'statement');
  }

  resumePrint(): AccountServicesStatus {
    this.journey?.resumePrint('customer asked to go on');
    return this.status();
  }

  async backToAccounts(): Promise<AccountServicesStatus> {
    await this.journey?.backToAccounts();
    return this.status();
  }

  async cancel(): Promise<{ cancelled: boolean; status: AccountServicesStatus }> {
    const journey = this.journey;
    if (!journey) return { cancelled: true, status: this.status() };
    const { phase } = journey.state;
    if (phase === 'idle' || phase === 'stopped') {
      // Nothing to stop; leaving now is the end of the journey.
      await this.detach('customer left balances and statements');
      return { cancelled: true, status: this.status() };
    }
    const cancelled = await journey.cancel();
    return { cancelled, status: this.status() };
  }

  async finish(): Promise<AccountServicesStatus> {
    await this.journey?.finish();
    return this.status();
  }

  /** Idle timeout, Done, Home from the menu, a reloaded page: the session's journey ends. */
  async sessionEnded(reason: string): Promise<void> {
    await this.detach(`session ended: ${reason}`);
  }

  /**
   * Host stopping: the journey is compensated (a page in the printer comes out first). Bounded:
   * a printer that hangs must not hold the host's stop; what was not written then is as a kill.
   */
  async close(boundMs = 10_000): Promise<void> {
    this.stopPrinterWatch();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
    await Promise.race([this.detach('host stopping'), bound]).finally(() => clearTimeout(timer));
  }

  private step(work: (journey: AccountServicesJourney) => Promise<void>, what: string): AccountServicesStatus {
    const journey = this.journey;
    if (journey) this.run(work(journey), what);
    return this.status();
  }

  private async detach(cause: string): Promise<void> {
    const journey = this.journey;
    if (!journey) return;
    this.journey = null;
    this.publish();
    if (journey.state.phase !== 'idle') this.deps.log.info({ phase: journey.state.phase, cause }, 'account-services: journey ended with the session');
    await journey.sessionEnded().catch((err: Error) => this.deps.log.warn({ err: err.message }, 'account-services: compensation failed'));
  }

  private publish(): void {
    this.seq += 1;
    this.deps.emit(this.status());
  }

  // A step runs after the request has answered; its outcome reaches the page as state events.
  private run(step: Promise<void>, what: string): void {
    step.catch((err: unknown) => this.deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, `account-services: ${what} failed`));
  }
}
