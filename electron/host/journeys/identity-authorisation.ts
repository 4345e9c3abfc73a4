// China ID card + PIN, for balances and statements without the bank card (issue 10): per try,
// the hub issues a one-time binding, the PIN pad binds the PIN block to it (ISO 9564 needs a
// PAN, and there is no card), and the hub checks the sealed identity with that block. A wrong
// PIN asks again with the tries left, as a card does. The journey owns its phases; this says
// which step to show and how it ended. No card is held, so nothing needs releasing.
import type { PinBlock, SealedIdentity } from '../../../protocol/card-security.js';
import type { CardAuthorisationResponse, CardSession, DeclineReason, IdChallenge } from '../../../protocol/core-banking.js';
import { HubUnreachableError, type CardPort } from './bill-payment-ports.js';

export interface IdentityBankPort {
  identityChallenge(): Promise<IdChallenge>;
  authoriseIdentity(identity: SealedIdentity, challengeId: string, pin: PinBlock): Promise<CardAuthorisationResponse>;
}

export type IdentityStep = { phase: 'pin'; maskedId: string; digits: number; triesLeft?: number } | { phase: 'authorising'; maskedId: string };

export type IdentityAuthorisation =
  | { outcome: 'approved'; session: CardSession }
  | { outcome: 'declined'; reason: DeclineReason }
  | { outcome: 'unreachable'; error: HubUnreachableError }
  | { outcome: 'left'; orphanSession?: string };

export interface IdentityAuthorisationDeps {
  identity: SealedIdentity;
  card: Pick<CardPort, 'readPin'>;
  bank: IdentityBankPort;
  signal: AbortSignal;
  phase(): string;
  show(step: IdentityStep, cause: string): boolean;
}

export async function authoriseIdentity(deps: IdentityAuthorisationDeps): Promise<IdentityAuthorisation> {
  const maskedId = deps.identity.masked;
  let triesLeft: number | undefined;
  for (;;) {
    const tries = triesLeft === undefined ? {} : { triesLeft };
    if (!deps.show({ phase: 'pin', maskedId, digits: 0, ...tries }, triesLeft === undefined ? 'ID card read' : 'wrong PIN: try again')) return { outcome: 'left' };
    let answer: CardAuthorisationResponse;
    try {
      // Taken before the PIN: the customer types once the pad is bound to this try's value.
      const challenge = await deps.bank.identityChallenge();
      if (deps.signal.aborted) return { outcome: 'left' };
      const pin = await deps.card.readPin(
        (digits) => {
          if (deps.phase() === 'pin') deps.show({ phase: 'pin', maskedId, digits: Math.min(digits, 12), ...tries }, 'PIN digit');
        },
        deps.signal,
        challenge.binding,
      );
      if (deps.signal.aborted || !deps.show({ phase: 'authorising', maskedId }, 'PIN entered')) return { outcome: 'left' };
      answer = await deps.bank.authoriseIdentity(deps.identity, challenge.challengeId, pin);
    } catch (err) {
      if (deps.signal.aborted) return { outcome: 'left' };
      if (err instanceof HubUnreachableError) return { outcome: 'unreachable', error: err };
      throw err;
    }
    if (deps.signal.aborted || deps.phase() !== 'authorising') return answer.outcome === 'approved' ? { outcome: 'left', orphanSession: answer.session.sessionId } : { outcome: 'left' };
    if (answer.outcome === 'approved') return { outcome: 'approved', session: answer.session };
    if (answer.reason !== 'wrong-pin' || (answer.triesLeft ?? 0) <= 0) return { outcome: 'declined', reason: answer.reason };
    triesLeft = answer.triesLeft;
  }
}

/** For a journey whose bank may not sign in by ID card: without it an ID card is 'unknown-customer', and nothing is asked. */
export function signInByIdentity(bank: Partial<IdentityBankPort>, deps: Omit<IdentityAuthorisationDeps, 'bank'>): Promise<IdentityAuthorisation> {
  const { identityChallenge, authoriseIdentity: authorise } = bank;
  if (!identityChallenge || !authorise) return Promise.resolve({ outcome: 'declined', reason: 'unknown-customer' });
  return authoriseIdentity({ ...deps, bank: { identityChallenge: () => identityChallenge.call(bank), authoriseIdentity: (id, challengeId, pin) => authorise.call(bank, id, challengeId, pin) } });
}
