// The hand-over from account opening to card issuance (issue 11): when the account-opening
// journey has opened an account in this customer's session, it leaves the application here, and
// "Issue a debit card now" takes it — once. The page never names the application: it cannot ask
// for a card on someone else's account. Cleared when the customer's session ends.
import type { Money } from '../../../protocol/money.js';

export interface OpenedApplication {
  applicationId: string;
  /** The new account's currency: a first card's (zero) fee is in it. */
  currency: Money['currency'];
}

export class FirstCardOffer {
  private current: OpenedApplication | null = null;

  offer(application: OpenedApplication): void {
    this.current = application;
  }

  get available(): boolean {
    return this.current !== null;
  }

  /** The application, once; null when none is on offer. */
  take(): OpenedApplication | null {
    const taken = this.current;
    this.current = null;
    return taken;
  }

  clear(): void {
    this.current = null;
  }
}
