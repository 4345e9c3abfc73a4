// Account opening as a host service (issue 11): one AccountOpeningJourney per customer session,
// its state sent to the page as `accountOpening.state` under the service's own sequence, the
// page's answers taken as bridge requests. A new session (start after another customer, session
// end) detaches the last journey: it is compensated (its application withdrawn) and never speaks
// to the page again. Online only: start is refused while the hub is away.
import { BridgeError } from '../../bridge/contract.js';
import type { AccountOpeningStatus } from '../../bridge/account-opening-contract.js';
import type { Consent, FaceEvidence, KycAnswers } from '../../../protocol/account-opening.js';
import type { MachineLogger } from '../assist/assist-machine.js';
import { AccountOpeningJourney, type AccountOpeningDeps } from './account-opening-machine.js';

export interface AccountOpeningServiceDeps extends Omit<AccountOpeningDeps, 'onChange' | 'log'> {
  /** Whether the hub answers now (the sync engine's view). */
  online(): boolean;
  emit(status: AccountOpeningStatus): void;
  log: MachineLogger;
}

export class AccountOpeningService {
  private journey: AccountOpeningJourney | null = null;
  private seq = 0;

  constructor(private readonly deps: AccountOpeningServiceDeps) {}

  status(): AccountOpeningStatus {
    return { seq: this.seq, state: this.journey?.state ?? { phase: 'idle' } };
  }

  async start(): Promise<AccountOpeningStatus> {
    // Refused up front, not after the customer has done half of it.
    if (!this.deps.online()) throw new BridgeError('OFFLINE_NOT_ALLOWED', 'account opening needs the hub; it is not reachable now');
    await this.detach('a new account opening started');
    const { online: _online, emit: _emit, ...deps } = this.deps;
    const journey = new AccountOpeningJourney({
      ...deps,
      onChange: () => {
        if (this.journey === journey) this.publish();
      },
    });
    this.journey = journey;
    this.run(journey.start(), 'read the document');
    return this.status();
  }

  confirmDocument(): AccountOpeningStatus {
    this.journey?.confirmDocument();
    return this.status();
  }

  rereadDocument(): AccountOpeningStatus {
    const journey = this.journey;
    if (journey) this.run(journey.rereadDocument(), 'read the document again');
    return this.status();
  }

  face(evidence: FaceEvidence): AccountOpeningStatus {
    this.journey?.face(evidence);
    return this.status();
  }

  consent(consent: Consent): AccountOpeningStatus {
    if (this.journey && !this.journey.consent(consent)) throw new BridgeError('BAD_REQUEST', `the consent names terms version ${consent.version}; the terms shown are ${this.deps.consentVersion}`);
    return this.status();
  }

  kyc(answers: KycAnswers, locale: 'zh-CN' | 'en'): AccountOpeningStatus {
    const journey = this.journey;
    if (journey) this.run(journey.kyc(answers, locale), 'file the application');
    return this.status();
  }

  async cancel(): Promise<AccountOpeningStatus> {
    const journey = this.journey;
    if (!journey) return this.status();
    const { phase } = journey.state;
    if (phase === 'idle' || phase === 'stopped') await this.detach('customer left account opening');
    else await journey.cancel();
    return this.status();
  }

  async finish(): Promise<AccountOpeningStatus> {
    const journey = this.journey;
    if (!journey) return this.status();
    const { phase } = journey.state;
    if (phase === 'opened' || phase === 'stopped') await this.detach('customer finished');
    return this.status();
  }

  /** Idle timeout, Home, a reloaded page: the session's journey ends and drops what it held. */
  async sessionEnded(reason: string): Promise<void> {
    await this.detach(`session ended: ${reason}`);
  }

  async close(): Promise<void> {
    await this.detach('host stopping');
  }

  private async detach(cause: string): Promise<void> {
    const journey = this.journey;
    if (!journey) return;
    // An account being opened finishes first (it ends by itself: opened, or stopped).
    if (journey.state.phase === 'opening') return;
    this.journey = null;
    this.publish();
    if (journey.state.phase !== 'idle') this.deps.log.info({ phase: journey.state.phase, cause }, 'account-opening: journey ended with the session');
    await journey.sessionEnded(cause).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'account-opening: compensation failed'));
  }

  private publish(): void {
    this.seq += 1;
    this.deps.emit(this.status());
  }

  private run(step: Promise<void>, what: string): void {
    step.catch((err: Error) => this.deps.log.warn({ err: err.message, what }, 'account-opening: step failed'));
  }
}
